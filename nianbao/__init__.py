"""nianbao: the statutory 政府信息公开工作年度报告, checked and rendered from one YAML file."""

__version__ = "0.1.0"
