#!/usr/bin/env python3
# make_long.py: writes long.json (FORMAT.md): one declaration whose goals
# run to a few thousand characters, in several paragraphs, and 40
# indicators (36 in the tree, 4 outside it), to test that a form breaks
# across pages and repeats the indicator header.  Deterministic.
import json, sys

sentence = "通过开展社区养老服务，为辖区内{n}名老年人提供助餐、助浴、助医等上门服务，服务满意度不低于90%。"
paras = []
k = 0
for p in range(6):
    paras.append("".join(sentence.format(n=100 + 10 * (k := k + 1)) for _ in range(12)))
overall = "\n".join(paras)
annual = "\n".join(paras[:4])

cats = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标")]
ind = []
for i in range(36):
    l1, l2 = cats[i % len(cats)]
    ind.append({"level1": l1, "level2": l2, "name": "第%d项指标：为老年人提供上门服务的人次" % (i + 1),
                "value": ">=%d人次" % (100 + i),
                "target": {"kind": "numeric", "op": ">=", "value": str(100 + i), "unit": "人次"}})
for i in range(4):
    ind.append({"level1": "管理指标", "level2": "制度建设指标", "name": "制度建设第%d项" % (i + 1),
                "value": "=1项", "target": {"kind": "numeric", "op": "=", "value": "1", "unit": "项"}})
ind.sort(key=lambda x: [c[0] for c in cats].index(x["level1"]) if x["level1"] != "管理指标" else 99)

decl = {"schema": "jixiao.declaration/1", "year": 2024,
        "project": {"name": "社区居家养老服务长目标测试项目", "category": "经常性项目",
                    "department": "民政局", "implementer": "区养老服务中心",
                    "start": "2024-01-01", "end": "2024-12-31"},
        "funds": {"total": "12345678.90", "total_fiscal": "12000000.00", "total_other": "345678.90",
                  "annual": "5000000.00", "annual_appropriation": "4000000.00",
                  "annual_carryover": "600000.00", "annual_other": "400000.00"},
        "goals": {"overall_from": 2024, "overall_to": 2026, "overall": overall, "annual": annual},
        "indicators": ind}
json.dump([decl], sys.stdout, ensure_ascii=False, indent=1)
print()
