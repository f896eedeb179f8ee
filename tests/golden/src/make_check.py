#!/usr/bin/env python3
"""Writes the golden inputs of tests/golden/check (python3 tests/golden/src/make_check.py).

Every review rule has a case that fires it (RULE.fire*.txt) and a near miss that does
not (RULE.quiet*.txt); tests/check.sh checks that each rule of `jixiao rules` has both.
The base form is clean: no rule fires on it.  A case changes one thing of it.
NAME.args, when present, holds extra arguments of `jixiao check`.  The expected
outputs (.out, .err, .exit) are written by UPDATE_GOLDEN=1 tests/run.sh and reviewed.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'check')
T = '\t'
DELETE = object()   # variant(key=DELETE) drops the key

BASE_TABLE = [
    ('产出指标', '数量指标', '补贴发放人数', '>=1200人'),
    ('', '质量指标', '补贴发放准确率', '100%'),
    ('', '时效指标', '补贴发放时间', '2024年6月底前'),
    ('', '成本指标', '人均补贴标准', '≤800元/人'),
    ('效益指标', '经济效益指标', '', ''),
    ('', '社会效益指标', '老年人生活困难缓解率', '>=90%'),
    ('满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%'),
]


def form(start='2024-01-01', end='2024-12-31', year='2024',
         total='1,000,000.00', fiscal='1,000,000.00', other='',
         annual='1,000,000.00', approp='1,000,000.00', carry='', annual_other='',
         overall_years='(2024年 - 2024年)',
         overall='<p>为全区1200名老人发放养老服务补贴，缓解生活困难。</p>',
         annual_goal='<p>2024年为1200名老人按时发放补贴。</p>',
         table=None, replace=None, add=None):
    rows = ['财政项目支出绩效目标申报表', '', '(%s年度)' % year, '',
            T.join(['项目名称', '社区养老服务补贴', '项目类别', '一次性项目', '']),
            T.join(['主管部门', '民政局', '实施单位', '区养老服务中心', '']),
            T.join(['计划开始日期', start, '计划完成日期', end, '']),
            T.join(['项目资金 (元)', '项目资金总额', total, '年度资金申请总额', annual]),
            T.join(['', '其中：财政资金', fiscal, '其中：当年财政拨款', approp]),
            T.join(['', '', '', '上年结转资金', carry]),
            T.join(['', '其他资金', other, '其他资金', annual_other]),
            '',
            T.join(['', ('项目总目标 ' + overall_years).strip(), '年度总目标']),
            T.join(['项目 绩效 目标', overall, annual_goal]),
            T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值'])]
    table = list(table or BASE_TABLE)
    for name, value in (replace or {}).items():
        table = [(a, b, c, value if c == name else d) for a, b, c, d in table]
    for row in add or []:
        # (after indicator name, row)
        at = [i for i, r in enumerate(table) if r[2] == row[0]][0]
        table.insert(at + 1, row[1])
    rows += [T.join([''] + list(r)) for r in table]
    return rows


def write(name, rows, args=None):
    with open(os.path.join(OUT, name + '.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(rows) + '\n')
    path = os.path.join(OUT, name + '.args')
    if args:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(args + '\n')
    elif os.path.exists(path):
        os.remove(path)


def write_json(name, decls):
    with open(os.path.join(OUT, name + '.json'), 'w', encoding='utf-8') as f:
        json.dump(decls, f, ensure_ascii=False, indent=1)
        f.write('\n')


def base_json(**kw):
    d = {
        'schema': 'jixiao.declaration/1', 'year': 2024,
        'project': {'name': '社区养老服务补贴', 'category': '一次性项目', 'department': '民政局',
                    'implementer': '区养老服务中心', 'start': '2024-01-01', 'end': '2024-12-31'},
        'funds': {'total': '1000000.00', 'total_fiscal': '1000000.00', 'total_other': None,
                  'annual': '1000000.00', 'annual_appropriation': '1000000.00',
                  'annual_carryover': None, 'annual_other': None},
        'goals': {'overall_from': 2024, 'overall_to': 2024,
                  'overall': '为全区1200名老人发放养老服务补贴，缓解生活困难。',
                  'annual': '2024年为1200名老人按时发放补贴。'},
        'indicators': [
            {'level1': '产出指标', 'level2': '数量指标', 'name': '补贴发放人数', 'value': '>=1200人',
             'target': {'kind': 'numeric', 'op': '>=', 'value': '1200', 'unit': '人'}},
            {'level1': '产出指标', 'level2': '质量指标', 'name': '补贴发放准确率', 'value': '100%',
             'target': {'kind': 'numeric', 'op': '=', 'value': '100', 'unit': '%'}},
            {'level1': '产出指标', 'level2': '时效指标', 'name': '补贴发放时间', 'value': '2024年6月底前',
             'target': {'kind': 'deadline', 'by': '2024-06-30'}},
            {'level1': '产出指标', 'level2': '成本指标', 'name': '人均补贴标准', 'value': '≤800元/人',
             'target': {'kind': 'numeric', 'op': '<=', 'value': '800', 'unit': '元/人'}},
            {'level1': '效益指标', 'level2': '社会效益指标', 'name': '老年人生活困难缓解率',
             'value': '>=90%', 'target': {'kind': 'numeric', 'op': '>=', 'value': '90', 'unit': '%'}},
            {'level1': '满意度指标', 'level2': '服务对象满意度指标', 'name': '老年人满意度',
             'value': '≥90%', 'target': {'kind': 'numeric', 'op': '>=', 'value': '90', 'unit': '%'}},
        ],
    }
    for k, v in kw.items():
        d[k] = v
    return d


def main():
    os.makedirs(OUT, exist_ok=True)
    write('clean', form())

    # funds
    write('funds.missing.fire', form(total='', fiscal=''))
    write('funds.missing.quiet', form(total='0.00', fiscal='0.00', annual='0.00', approp='0.00'))
    write('project.missing.fire', [r.replace('一次性项目', '') for r in form()])
    write('project.missing.quiet', [r.replace('一次性项目', '经常性项目') for r in form()])
    write('funds.negative.fire', form(total='1,000,000.00', fiscal='1,100,000.00', other='-100,000.00'))
    write('funds.negative.quiet', form(total='1,000,000.00', fiscal='1,000,000.00', other='0.00'))
    write('funds.total_sum.fire', form(fiscal='900,000.00'))
    write('funds.total_sum.quiet', form(fiscal='800,000.00', other='200,000.00'))
    write('funds.annual_sum.fire', form(approp='900,000.00'))
    write('funds.annual_sum.quiet', form(approp='700,000.00', carry='200,000.00',
                                         annual_other='100,000.00'))
    write('funds.annual_exceeds_total.fire', form(annual='1,200,000.00', approp='1,200,000.00'))
    write('funds.annual_exceeds_total.quiet', form(total='1,200,000.00', fiscal='1,200,000.00',
                                                   annual='1,200,000.00', approp='1,200,000.00'))
    write('funds.single_year_mismatch.fire', form(total='1,200,000.00', fiscal='1,200,000.00'))
    # a carry-over explains the difference
    write('funds.single_year_mismatch.quiet', form(total='1,200,000.00', fiscal='1,200,000.00',
                                                   annual='1,000,000.00', approp='800,000.00',
                                                   carry='200,000.00'))
    # two years: the total may exceed the annual amount
    write('funds.single_year_mismatch.quiet2', form(
        total='1,800,000.00', fiscal='1,800,000.00', end='2025-12-31',
        overall_years='(2024年 - 2025年)'))
    # annual above total is an error of its own (funds.annual_exceeds_total), not this info
    write('funds.single_year_mismatch.quiet3', form(annual='1,200,000.00', approp='1,200,000.00'))

    # dates
    write('dates.missing.fire', form(start=''))
    write('dates.missing.quiet', form(start='2024-06-30', end='2024-06-30'))
    write('dates.order.fire', form(start='2024-12-31', end='2024-01-01'))
    write('dates.order.quiet', form(start='2024-06-30', end='2024-06-30'))
    write('dates.year.fire', form(start='2025-01-01', end='2025-12-31',
                                  overall_years='(2025年 - 2025年)',
                                  replace={'补贴发放时间': '2025年6月底前'}))
    write('dates.year.quiet', form(start='2023-07-01', end='2024-06-30',
                                   overall_years='(2023年 - 2024年)'))

    # goals
    write('goals.missing.fire', form(annual_goal='<p></p>'))
    write('goals.missing.quiet', form(annual_goal='<p>发放补贴。</p>'))
    write('goals.period_mismatch.fire', form(overall_years='(2024年 - 2025年)'))
    write('goals.period_mismatch.quiet', form(overall_years=''))
    two_years = dict(total='1,800,000.00', fiscal='1,800,000.00', end='2025-12-31',
                     overall_years='(2024年 - 2025年)',
                     overall='<p>2024年至2025年为全区1200名老人发放养老服务补贴，缓解生活困难。</p>')
    write('goals.annual_equals_overall.fire', form(**dict(
        two_years, annual_goal='<p>2024年至2025年为全区1200名老人发放养老服务补贴，缓解生活困难。</p>')))
    write('goals.annual_equals_overall.quiet', form(**two_years))
    # one year: the two goals may well be the same text
    write('goals.annual_equals_overall.quiet2', form(
        annual_goal='<p>为全区1200名老人发放养老服务补贴，缓解生活困难。</p>'))

    # indicators
    write('indicator.too_few.fire', form(table=[
        ('产出指标', '数量指标', '补贴发放人数', '>=1200人'),
        ('满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%')]))
    write('indicator.too_few.quiet', form(table=[
        ('产出指标', '数量指标', '补贴发放人数', '>=1200人'),
        ('效益指标', '社会效益指标', '老年人生活困难缓解率', '>=90%'),
        ('满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%')]))
    write('indicator.missing_value.fire', form(add=[
        ('补贴发放人数', ('', '', '上门走访人数', ''))]))
    write('indicator.missing_value.quiet', form(add=[
        ('补贴发放人数', ('', '', '上门走访人数', '>=300人次'))]))
    d = base_json()
    d['indicators'][4]['level2'] = '社会影响指标'
    d['indicators'].insert(0, {'level1': '投入指标', 'level2': '资金指标', 'name': '资金到位率',
                               'value': '100%', 'target': {'kind': 'numeric', 'op': '=',
                                                           'value': '100', 'unit': '%'}})
    write_json('indicator.unknown_category.fire', [d])
    write_json('indicator.unknown_category.quiet', [base_json()])
    write('indicator.duplicate.fire', form(add=[
        ('补贴发放人数', ('', '', '补贴发放人数', '>=1000人'))]))
    write('indicator.duplicate.quiet', form(add=[
        ('补贴发放人数', ('', '', '补贴发放户数', '>=1000户'))]))
    write('indicator.vague_value.fire', form(add=[
        ('老年人生活困难缓解率', ('', '', '老年人生活质量', '明显改善'))]))
    write('indicator.vague_value.quiet', form(add=[
        ('补贴发放准确率', ('', '', '上门服务', '常态化,不少于12 次')),
        ('老年人生活困难缓解率', ('', '', '服务规范', '符合国家标准'))]))
    # words, not substrings: 可持续 is not 持续, 无明显 is not 明显; a number with a unit
    write('indicator.vague_value.quiet2', form(add=[
        ('老年人生活困难缓解率', ('', '', '服务模式', '可持续')),
        ('服务模式', ('', '', '投诉数量', '无明显增加')),
        ('投诉数量', ('', '', '服务覆盖', '明显扩大，覆盖1200人'))]))
    write('indicator.vague_value.fire2', form(add=[
        ('老年人生活困难缓解率', ('', '', '服务模式', '可持续，持续提升'))]))
    write('indicator.unquantified_satisfaction.fire', form(replace={'老年人满意度': '较高'}))
    write('indicator.unquantified_satisfaction.quiet', form(replace={'老年人满意度': '不低于85%'}))
    write('indicator.low_satisfaction.fire', form(replace={'老年人满意度': '≥80%'}))
    write('indicator.low_satisfaction.quiet', form(replace={'老年人满意度': '≥85%'}))
    write('indicator.deadline_outside_period.fire', form(replace={'补贴发放时间': '2025年3月底前'}))
    write('indicator.deadline_outside_period.quiet', form(replace={'补贴发放时间': '2024年12月底前'}))
    write('indicator.deadline_outside_year.fire', form(**dict(
        two_years, replace={'补贴发放时间': '2025年3月底前'})))
    write('indicator.deadline_outside_year.quiet', form(**dict(
        two_years, replace={'补贴发放时间': '2024年12月底前'})))
    write('indicator.operator_direction.fire', form(replace={'人均补贴标准': '≥800元/人'}))
    write('indicator.operator_direction.fire2', form(replace={'补贴发放准确率': '120%',
                                                            '老年人满意度': '≤90%'}))
    write('indicator.operator_direction.quiet', form(
        replace={'人均补贴标准': '=800元/人'},
        add=[('老年人生活困难缓解率', ('', '', '受益人数增长率', '>=120%'))]))
    # ratios that may pass 100%: only the profile's capped rates are flagged
    write('indicator.operator_direction.quiet2', form(add=[
        ('老年人生活困难缓解率', ('', '', '带动社会资本投入比例', '≥150%'))]))
    write('indicator.missing_unit.fire', form(replace={'补贴发放人数': '>=1200'}))
    write('indicator.missing_unit.quiet', form(replace={'补贴发放人数': '>=1200人'}))

    # money moved is an input, not an output
    write('indicator.input_as_output.fire', form(add=[
        ('补贴发放时间', ('', '', '拨付补贴资金', '2024年3月底前'))]))
    write('indicator.input_as_output.fire2', form(add=[
        ('补贴发放准确率', ('', '', '项目资金支付率', '>=95%'))]))
    write('indicator.input_as_output.quiet', form(add=[
        ('补贴发放人数', ('', '', '下拨补贴资金覆盖社区数', '>=30个'))]))
    write('indicator.quantity_as_quality.fire', form(add=[
        ('补贴发放准确率', ('', '', '上门探访老人', '不少于12次'))]))
    write('indicator.quantity_as_quality.quiet', form(add=[
        ('补贴发放准确率', ('', '', '服务质量评定等级', 'A级')),
        ('服务质量评定等级', ('', '', '护理服务验收合格率', '≥95%'))]))

    # the suggested verdict: errors in one dimension 中, in two 差, a missing goal 差,
    # no indicator 差, an info alone 优
    write('verdict.fair', form(fiscal='900,000.00'))
    write('verdict.poor_dimensions', form(fiscal='900,000.00', start='2024-12-31', end='2024-01-01'))
    write('verdict.poor_goal', form(overall='<p></p>'))
    write_json('verdict.poor_no_indicators', [base_json(indicators=[])])
    write('verdict.excellent_info', form(total='1,200,000.00', fiscal='1,200,000.00'))

    # categories: the empty 成本指标 row stays on the form, as on the seed
    write('category.missing.fire', form(replace={'人均补贴标准': ''}, table=[
        r if r[1] != '成本指标' else ('', '成本指标', '', '') for r in BASE_TABLE]))
    write('category.missing.quiet', form())
    write('category.missing.central', form(), args='--profile central-2021')
    write('category.missing.quiet.central', form(table=[
        ('产出指标', '数量指标', '补贴发放人数', '>=1200人'),
        ('', '质量指标', '补贴发放准确率', '100%'),
        ('', '时效指标', '补贴发放时间', '2024年6月底前'),
        ('成本指标', '经济成本指标', '人均补贴标准', '≤800元/人'),
        ('效益指标', '社会效益指标', '老年人生活困难缓解率', '>=90%'),
        ('满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%')]),
        args='--profile central-2021')

    # goal text against indicators
    write('goal.indicator_mismatch.fire', form(
        annual_goal='<p>推动补贴覆盖至15个乡镇每个社区。</p>',
        add=[('补贴发放人数', ('', '', '补贴覆盖乡镇数', '=12个'))]))
    write('goal.indicator_mismatch.quiet', form(
        annual_goal='<p>新建3个养老中心，改造5个养老站点，覆盖至15个乡镇。</p>',
        add=[('补贴发放人数', ('', '', '新建养老中心数', '=3个')),
             ('新建养老中心数', ('', '', '改造养老站点数', '=5个')),
             ('改造养老站点数', ('', '', '补贴覆盖乡镇数', '=15个'))]))
    # the quantity before the number when nothing follows the unit
    write('goal.indicator_mismatch.fire2', form(
        annual_goal='<p>全年培训养老护理员300人次。</p>',
        add=[('补贴发放人数', ('', '', '培训养老护理员人次', '>=500人次'))]))
    profiles()


def profiles():
    """Profile files of the .cmd cases: one that changes severities, and broken ones
    that must be refused with a message naming the key and the value seen."""
    folder = os.path.join(OUT, 'profiles')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(HERE, '..', '..', '..', 'profiles', 'shanghai-2023.json'),
              encoding='utf-8') as f:
        base = json.load(f)

    def put(name, prof, raw=None):
        with open(os.path.join(folder, name + '.json'), 'w', encoding='utf-8') as f:
            f.write(raw if raw is not None else json.dumps(prof, ensure_ascii=False, indent=1) + '\n')

    def variant(**kw):
        prof = json.loads(json.dumps(base))
        prof['profile'] = 'test'
        for k, v in kw.items():
            if v is DELETE:
                del prof[k]
            else:
                prof[k] = v
        return prof

    put('strict', variant(severity={'indicator.vague_value': 'off', 'category.missing': 'error'},
                          satisfaction_floor=None))
    put('bad_key', dict(variant(), extra=1))
    put('bad_missing', variant(vague_words=DELETE))
    put('bad_severity', variant(severity={'funds.total_sum': 'fatal'}))
    put('bad_rule', variant(severity={'funds.sum': 'error'}))
    put('bad_required', variant(required=[{'level1': '产出指标', 'level2': '经济效益指标'}]))
    put('bad_role', variant(cost=['投入指标']))
    put('bad_floor', variant(satisfaction_floor=85))
    put('bad_tree', variant(tree=[{'level1': '产出指标', 'level2': []}]))
    put('bad_score', variant(score={'reverse_formula': 'cubic', 'over_achieved_ratio': '1.5',
                                    'grades': {'excellent': '90', 'good': '80', 'fair': '60'}}))
    put('bad_verdict', variant(verdict={'good_max_warnings': 3, 'poor_min_errors': 3}))
    put('bad_source', variant(sources=dict(base['sources'], min_indicators='上海实践')))
    put('bad_source_missing', variant(sources={k: v for k, v in base['sources'].items()
                                               if k != 'verdict'}))
    put('bad_syntax', None, raw='{"profile": "test",\n "title": }\n')
    cases = {
        'profile_strict': '../convert/seed.txt --profile profiles/strict.json',
        'profile_unknown': 'clean.txt --profile shanghai-2099',
        'profile_absent': 'clean.txt --profile profiles/absent.json',
        'read_error': '../reject/one_bad_form.txt',
        'usage_format': 'clean.txt --format xml',
        'usage_db_id': '--db nowhere.db abc',
        'usage_none': '',
    }
    for name in ('bad_key', 'bad_missing', 'bad_severity', 'bad_rule', 'bad_required', 'bad_role',
                 'bad_floor', 'bad_tree', 'bad_score', 'bad_syntax', 'bad_verdict', 'bad_source',
                 'bad_source_missing'):
        cases['profile_' + name] = 'clean.txt --profile profiles/%s.json' % name
    for name, args in cases.items():
        with open(os.path.join(OUT, name + '.cmd'), 'w', encoding='utf-8') as f:
            f.write(args + '\n')


if __name__ == '__main__':
    main()
