"""治理指标看板: router only (page config, language, login gate, navigation)."""

from indicators.web.shell import run

run()
