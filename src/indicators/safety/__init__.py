"""平安指数 (safety index) and 风险预警 (early warning): definition, inputs, scoring, the warning model, publication."""
