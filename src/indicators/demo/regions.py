"""The demo's synthetic regions: 25 invented communities (the work summary's 25) and 12 grid cells, marked 示例."""

from __future__ import annotations

from ..catalog import Region

MARK_ZH, MARK_EN = "（示例）", " (demo)"
DISTRICT = "440300DP"
COMMUNITIES = {  # subdistrict code -> invented names (zh, en); none is a real community's name
    "440300DP01": [("海湾", "Bay"), ("松林", "Pine Grove"), ("溪头", "Creekhead"), ("金沙", "Golden Sands"),
                   ("长岭", "Long Ridge"), ("青石", "Bluestone"), ("望海", "Seaview"), ("榕树", "Banyan"),
                   ("竹园", "Bamboo Garden")],
    "440300DP02": [("鹏飞", "Soaring Roc"), ("城南", "South Town"), ("古榕", "Old Banyan"), ("岭下", "Under-Ridge"),
                   ("石桥", "Stone Bridge"), ("银滩", "Silver Beach"), ("云岭", "Cloud Ridge"), ("翠湖", "Jade Lake")],
    "440300DP03": [("渔港", "Fishing Harbour"), ("珊瑚", "Coral"), ("灯塔", "Lighthouse"), ("白沙", "White Sands"),
                   ("海星", "Starfish"), ("礁石", "Reef"), ("帆影", "Sails"), ("鲸湾", "Whale Bay")],
}
GRIDS_PER_COMMUNITY = 4
GRIDDED = ("440300DP01C01", "440300DP02C01", "440300DP03C01")   # 海湾, 鹏飞, 渔港: their grid cells are in the demo


def demo_regions() -> list[Region]:
    """Communities under the three subdistricts and grid cells under three of them, origin 'demo'."""
    out: list[Region] = []
    for sub, names in COMMUNITIES.items():
        for n, (zh, en) in enumerate(names, start=1):
            code = f"{sub}C{n:02d}"
            out.append(Region(code, f"{zh}社区{MARK_ZH}", f"{en} Community{MARK_EN}", sub, "community", (), "demo"))
            if code in GRIDDED:
                out += [Region(f"{code}G{g:02d}", f"{zh}社区第{g}网格{MARK_ZH}", f"{en} grid {g}{MARK_EN}", code,
                               "grid", (), "demo") for g in range(1, GRIDS_PER_COMMUNITY + 1)]
    return out
