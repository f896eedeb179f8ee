#!/usr/bin/env python3
# make_long.py: writes long.json (FORMAT.md part 2): a self-evaluation of 40
# indicators over every 二级 of 产出, 效益 and 满意度, with long deviation
# reasons, two not applicable, some far over their target and some short of
# it without a reason, and goals of a few hundred characters: to test that
# the table breaks across pages and repeats the indicator header.
# Deterministic.
import calendar, json, sys

sentence = "通过开展社区养老服务，为辖区内{n}名老年人提供助餐、助浴、助医等上门服务。"
annual = "\n".join("".join(sentence.format(n=100 + 10 * (p * 6 + k)) for k in range(6)) for p in range(2))
achieved = "全年为辖区内老年人提供上门服务，多数指标按期完成；个别指标受场地和人员影响未达目标，原因和改进措施见各指标。" * 3
reason = ("第{n}项偏差原因：受社区场地改造和护理人员流动影响，部分服务推迟开展，"
          "已与街道协调临时场地并补充招聘护理人员，下一年度按季度跟踪服务人次，确保按计划完成。")

cats = [("产出指标", "数量指标", 10), ("产出指标", "质量指标", 8), ("产出指标", "时效指标", 6),
        ("产出指标", "成本指标", 6), ("效益指标", "社会效益指标", 4),
        ("效益指标", "可持续影响指标", 2), ("满意度指标", "服务对象满意度指标", 4)]
ind, res = [], []
n = 0
for l1, l2, count in cats:
    for k in range(count):
        n += 1
        name = "第%d项指标：为老年人提供上门服务的人次" % n
        r = {"actual": None, "applicable": True, "band": None, "score_pct": None, "reason": ""}
        if l2 == "时效指标":
            month = 3 + k
            last = calendar.monthrange(2024, month - 1)[1]
            value = "2024年%d月前" % month
            target = {"kind": "deadline", "by": "2024-%02d-%02d" % (month - 1, last)}
            r["actual"] = "2024-%02d-15" % (month - 1 if k % 3 else month)
        elif l2 == "成本指标":
            a = 800 + 10 * k
            value = "<=%d元/人" % a
            target = {"kind": "numeric", "op": "<=", "value": str(a), "unit": "元/人"}
            r["actual"] = str(a + 40 if k % 2 else a - 10)
        elif l1 == "效益指标":
            value = "明显提升"
            target = {"kind": "qualitative", "text": value}
            r["band"], r["score_pct"] = (["achieved", "90"], ["partial", "70"], ["missed", "40"])[k % 3]
        elif l1 == "满意度指标":
            value = ">=90%"
            target = {"kind": "numeric", "op": ">=", "value": "90", "unit": "%"}
            r["actual"] = str(88 + k)
        else:
            a = 100 + n
            value = ">=%d人次" % a
            target = {"kind": "numeric", "op": ">=", "value": str(a), "unit": "人次"}
            r["actual"] = str(a * 2 if n % 7 == 0 else a - n % 5)
        if n in (13, 29):
            r["applicable"] = False
            r["reason"] = "本年度未开展此项服务，经主管部门同意不适用"
        elif n % 4 == 1 or n % 9 == 0:
            r["reason"] = reason.format(n=n) * (1 + n % 3)
        ind.append({"level1": l1, "level2": l2, "name": name, "value": value, "target": target})
        res.append(r)

decl = {"schema": "jixiao.declaration/1", "year": 2024,
        "project": {"name": "社区居家养老服务自评长表测试项目", "category": "经常性项目",
                    "department": "民政局", "implementer": "区养老服务中心",
                    "start": "2024-01-01", "end": "2024-12-31"},
        "funds": {"total": "12345678.90", "total_fiscal": "12000000.00", "total_other": "345678.90",
                  "annual": "5000000.00", "annual_appropriation": "4000000.00",
                  "annual_carryover": "600000.00", "annual_other": "400000.00"},
        "goals": {"overall_from": 2024, "overall_to": 2026, "overall": annual, "annual": annual},
        "indicators": ind}
json.dump({"schema": "jixiao.selfeval/1", "declaration": decl,
           "budget": {"annual": "4800000.00", "executed": "4567890.12"}, "weights": None,
           "achieved": achieved, "results": res}, sys.stdout, ensure_ascii=False, indent=1)
print()
