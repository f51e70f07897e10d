"""The demo data set: synthetic regions and figures for the 平安指数 and 风险预警 (`python -m indicators demo`)."""
