#!/usr/bin/env python3
"""Writes the golden inputs of tests/golden/{convert,reject}.

The inputs are committed; this script documents how each was made and
rewrites them (python3 tests/golden/src/make_inputs.py).  Every case isolates
one robustness point of the seed-layout importer or one rejected input.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERT = os.path.join(HERE, '..', 'convert')
REJECT = os.path.join(HERE, '..', 'reject')

T = '\t'


def form(name='社区养老服务补贴', year='(2024年度)', unit='区养老服务中心', dept='民政局',
         funds=None, goals=None, table=None, head=None):
    rows = ['财政项目支出绩效目标申报表', '', year, '']
    rows += head or [
        T.join(['项目名称', name, '项目类别', '一次性项目', '']),
        T.join(['主管部门', dept, '实施单位', unit, '']),
        T.join(['计划开始日期', '2024-01-01', '计划完成日期', '2024-12-31', '']),
    ]
    rows += funds or [
        T.join(['项目资金 (元)', '项目资金总额', '1,200,000.00', '年度资金申请总额', '1,000,000.00']),
        T.join(['', '其中：财政资金', '1,000,000.00', '其中：当年财政拨款', '800,000.00']),
        T.join(['', '', '', '上年结转资金', '200,000.00']),
        T.join(['', '其他资金', '200,000.00', '其他资金', '0.00']),
        '',
    ]
    rows += goals or [
        T.join(['', '项目总目标 (2024年 - 2025年)', '年度总目标']),
        T.join(['项目 绩效 目标', '<p>为全区1200名老人发放养老服务补贴。</p>', '<p>2024年发放补贴，覆盖1200人。</p>']),
    ]
    rows += table or [
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '产出指标', '数量指标', '补贴发放人数', '>=1200人']),
        T.join(['', '', '质量指标', '补贴发放准确率', '100%']),
        T.join(['', '', '时效指标', '补贴发放时间', '2024年6月底前']),
        T.join(['', '', '成本指标', '人均补贴标准', '≤800元/人']),
        T.join(['', '效益指标', '社会效益指标', '老年人生活质量', '提升']),
        T.join(['', '满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%']),
    ]
    return rows


def write(folder, name, rows, encoding='utf-8', newline='\n', bom=b''):
    data = newline.join(rows) + newline
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(bom + data.encode(encoding))


def main():
    # cells wrapped by the extractor with a spurious space
    write(CONVERT, 'wrap.txt', form(
        name='社区养老 服务补贴',
        unit='区养老 服务中心',
        goals=[
            T.join(['', '项目总目标 (2024年 - 2025年)', '年度总目标']),
            T.join(['项目 绩效 目标', '<p>通过 ISO 9001 认证，为全区 1200 名老人发放 养老服务补贴。</p>',
                    '<p>2024 年发放补贴，覆盖 Wi-Fi 热点 与 1200 人。</p>']),
        ],
        table=[
            T.join(['绩效 指标', '一级 指标', '二级 指标', '三级 指标', '年度 指标值']),
            T.join(['', '产出 指标', '数量 指标', '补贴发放 人数', '>=1200 人']),
            T.join(['', '', '质量 指标', '开展上门 服务', '常态化,不少于12 次']),
            T.join(['', '满意度指标', '服务对象 满意度指标', '老年人 满意度', '≥ 90%']),
        ]))
    # the 5-cell layout of the funding and goal rows (merged cells)
    write(CONVERT, 'layout5.txt', form(
        funds=[
            T.join(['项目资金 (元)', '项目资金总额', '1,200,000.00', '年度资金申请总额', '1,000,000.00']),
            T.join(['', '其中：财政资金', '1,200,000.00', '其中：当年财政拨款', '1,000,000.00']),
            T.join(['', '', '', '上年结转资金', '']),
            T.join(['', '其他资金', '', '其他资金', '']),
        ],
        goals=[
            T.join(['项目 绩效 目标', '项目总目标 (2024年 - 2024年)', '', '年度总目标', '']),
            T.join(['', '<p>总目标：发放补贴。</p>', '', '<p>年度目标：发放补贴。</p>', '']),
        ]))
    # goal cells continued after a page break: the overall goal in the 5-cell
    # layout, the annual goal in the 3-cell layout (as in the seed)
    write(CONVERT, 'pagebreak_goals.txt', form(
        name='总目标跨页',
        goals=[
            T.join(['项目 绩效 目标', '项目总目标 (2024年 - 2024年)', '', '年度总目标', '']),
            T.join(['', '<p>一、目的：保障老人生活。二、产出：覆盖</p>', '', '<p>年度目标不跨页。</p>', '']),
            '',
            T.join(['', '1200 名老人。三、措施：按月 发放。', '', '', '']),
        ]) + form(
        name='年度目标跨页',
        goals=[
            T.join(['', '项目总目标 (2024年 - 2024年)', '年度总目标']),
            T.join(['项目 绩效 目标', '<p>总目标不跨页。</p>', '<p>年度：按季度</p>']),
            '',
            T.join(['', '', '', '发放补贴，年底前 完成。', '']),
        ]))
    # the indicator table continued after a page break: a blank line, the
    # header repeated, a value continued, a 三级指标 continued
    write(CONVERT, 'pagebreak_table.txt', form(table=[
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '产出指标', '数量指标', '补贴发放人数', '>=1200人']),
        T.join(['', '', '质量指标', '补贴发放', '']),
        '',
        T.join(['', '', '', '准确率', '100%']),
        '',
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '', '时效指标', '补贴发放时间', '常态化,']),
        T.join(['', '', '', '', '不少于12次']),
        T.join(['', '效益指标', '社会效益指标', '老年人生活质量', '提升']),
    ]))
    # 一级/二级 carried down, empty categories, blank lines between rows
    write(CONVERT, 'carry.txt', form(table=[
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '产出指标', '数量指标', '补贴发放人数', '>=1200人']),
        T.join(['', '', '', '上门服务次数', '>=24次']),
        '',
        T.join(['', '', '质量指标', '', '']),
        T.join(['', '', '时效指标', '补贴发放时间', '2024年第三季度末前']),
        T.join(['', '', '成本指标', '', '']),
        T.join(['', '效益指标', '经济效益指标', '', '']),
        '',
        T.join(['', '', '社会效益指标', '老年人生活质量', '明显改善']),
        T.join(['', '', '', '安全事故', '=0起']),
        T.join(['', '', '生态效益指标', '', '']),
        T.join(['', '', '可持续影响指标', '', '']),
        T.join(['', '满意度指标', '服务对象满意度指标', '老年人满意度', '不低于90%']),
    ]))
    # several forms in one file, blank lines anywhere, a form whose title
    # carries the year
    a = form(name='项目甲')
    a.insert(6, '')
    b = form(name='项目乙', year='')
    b[0] = '财政项目支出绩效目标申报表（2024年度）'
    c = form(name='项目丙', unit='区民政局')
    write(CONVERT, 'multi.txt', [''] + a + ['', ''] + b + c + ['', ''])
    # CRLF line endings
    write(CONVERT, 'crlf.txt', form(name='换行符CRLF'), newline='\r\n')
    # full-width digits, signs and separators
    write(CONVERT, 'fullwidth.txt', form(
        name='全角数字',
        year='（２０２４年度）',
        funds=[
            T.join(['项目资金（元）', '项目资金总额', '１，２００，０００．００', '年度资金申请总额', '１，０００，０００．００']),
            T.join(['', '其中:财政资金', '１２０００００', '其中:当年财政拨款', '１００００００．５']),
            T.join(['', '', '', '上年结转资金', '']),
            T.join(['', '其他资金', '', '其他资金', '']),
        ],
        table=[
            T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
            T.join(['', '产出指标', '数量指标', '修订制度', '＝２８条']),
            T.join(['', '', '质量指标', '验收合格率', '８０％']),
            T.join(['', '', '成本指标', '人均成本', '＜＝８００元']),
            T.join(['', '满意度指标', '服务对象满意度指标', '满意度', '≥９５％']),
        ]))
    # GB18030 as Windows tools write it, and UTF-16 with a byte order mark
    write(CONVERT, 'gb18030.txt', form(name='国标编码项目'), encoding='gb18030')
    write(CONVERT, 'utf16.txt', form(name='UTF-16编码项目'), encoding='utf-16-le', bom=b'\xff\xfe')
    # goal HTML: paragraphs, line breaks, entities; a literal '<' kept
    write(CONVERT, 'html.txt', form(goals=[
        T.join(['', '项目总目标 (2024年 - 2024年)', '年度总目标']),
        T.join(['项目 绩效 目标', '<p>一、目的&nbsp;和效果</p><p>二、成本&lt;5万元 &amp; 按时</p>',
                '<p>年度一</p><br/><p><strong>年度二</strong>：人均 <5 元</p>']),
    ]))

    # a doubled tab between a label and its value (the extractor's empty cell
    # of a merged column), in the head and the funding rows
    write(CONVERT, 'doubled_tab.txt', form(
        name='双制表符',
        head=[
            T.join(['项目名称', '', '双制表符', '项目类别', '', '一次性项目', '']),
            T.join(['主管部门', '民政局', '实施单位', '', '区养老服务中心', '']),
            T.join(['计划开始日期', '', '2024-01-01', '计划完成日期', '', '2024-12-31', '']),
        ],
        funds=[
            T.join(['项目资金 (元)', '项目资金总额', '', '1,200,000.00', '年度资金申请总额', '1,000,000.00']),
            T.join(['', '其中：财政资金', '1,000,000.00', '其中：当年财政拨款', '', '800,000.00']),
            T.join(['', '', '', '上年结转资金', '', '200,000.00']),
            T.join(['', '其他资金', '', '200,000.00', '其他资金', '']),
        ]))
    # page footers the extractor left between pages (a page break each): in
    # the goal block, in the indicator table, between two forms
    write(CONVERT, 'pagemark.txt', form(
        name='页码页脚一',
        goals=[
            T.join(['', '项目总目标 (2024年 - 2024年)', '年度总目标']),
            T.join(['项目 绩效 目标', '<p>总目标不跨页。</p>', '<p>年度：按季度</p>']),
            '',
            '第 1 页 共 3 页',
            '',
            T.join(['', '', '', '发放补贴，年底前 完成。', '']),
        ],
        table=[
            T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
            T.join(['', '产出指标', '数量指标', '补贴发放人数', '>=1200人']),
            T.join(['', '', '质量指标', '补贴发放', '']),
            '- 2 -',
            T.join(['', '', '', '准确率', '100%']),
            T.join(['', '满意度指标', '服务对象满意度指标', '老年人满意度', '≥90%']),
            '',
            '第３页，共３页',
        ]) + ['２/３'] + form(name='页码页脚二'))

    # a space the extractor put between the digits and 年 of the years
    write(CONVERT, 'year_space.txt', form(
        name='年度带空格',
        year='（2024 年度）',
        goals=[
            T.join(['', '项目总目标 (2024 年 - 2025 年)', '年度总目标']),
            T.join(['项目 绩效 目标', '<p>两年内完成。</p>', '<p>本年完成一半。</p>']),
        ]))

    # after a page break the merged 一级 cell written again, its 二级 not:
    # the 二级 goes on; a different 一级 still starts without one
    write(CONVERT, 'repeat_level1.txt', form(name='一级重复', table=[
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '产出指标', '数量指标', '补贴发放人数', '>=1200人']),
        '',
        T.join(['', '产出指标', '', '上门服务次数', '>=24次']),
        T.join(['', '', '质量指标', '补贴发放准确率', '100%']),
        '',
        T.join(['', '产出指标', '', '服务合格率', '≥95%']),
        T.join(['', '效益指标', '社会效益指标', '老年人生活质量', '提升']),
    ]))

    # ---- rejected inputs: every problem of a file in one pass ----------
    write(REJECT, 'bad_values.txt', form(
        funds=[
            T.join(['项目资金 (元)', '项目资金总额', '1,2OO,000.00', '年度资金申请总额', '1,000,000.00']),
            T.join(['', '其中：财政资金', '1,000,000.005', '其中：当年财政拨款', '1,00,000.00']),
            T.join(['', '', '', '上年结转资金', '']),
            T.join(['', '其他资金', '', '其他资金', '']),
        ],
        head=[
            T.join(['项目名称', '日期有误', '项目类别', '一次性项目', '']),
            T.join(['主管部门', '民政局', '实施单位', '区养老服务中心', '']),
            T.join(['计划开始日期', '2024-02-30', '计划完成日期', '2024年12月', '']),
        ]))
    # three forms, the second with one bad amount: nothing is output
    write(REJECT, 'one_bad_form.txt', form(name='好表一') + form(
        name='坏表',
        funds=[
            T.join(['项目资金 (元)', '项目资金总额', '一百万', '年度资金申请总额', '1,000,000.00']),
            T.join(['', '其中：财政资金', '1,000,000.00', '其中：当年财政拨款', '1,000,000.00']),
        ]) + form(name='好表二'))
    write(REJECT, 'missing_fields.txt', [
        '财政项目支出绩效目标申报表', '',
        T.join(['项目名称', '', '项目类别', '一次性项目', '']),
        T.join(['主管部门', '民政局', '', '', '']),
    ])
    write(REJECT, 'no_form.txt', ['绩效目标汇总', T.join(['项目', '金额']), T.join(['养老', '100'])])
    write(REJECT, 'empty.txt', [''])
    write(REJECT, 'table_problems.txt', form(table=[
        T.join(['', '产出指标', '数量指标', '表头之前的指标', '=1个']),
        T.join(['绩效 指标', '一级指标', '二级指标', '三级指标', '年度指标值']),
        T.join(['', '', '', '没有一级指标', '=1个']),
        T.join(['', '产出指标', '', '没有二级指标', '=2个']),
        T.join(['', '', '数量指标', '', '=3个']),
        T.join(['', '', '', '多出一列', '=4个', '备注']),
    ]))
    write(REJECT, 'unknown_rows.txt', form(head=[
        T.join(['项目名称', '社区养老服务补贴', '项目类别', '一次性项目', '']),
        T.join(['主管部门', '民政局', '实施单位', '区养老服务中心', '']),
        T.join(['项目负责人', '张三', '联系电话', '12345678', '']),
        T.join(['计划开始日期', '2024-01-01', '计划完成日期', '2024-12-31', '']),
        T.join(['项目名称', '重复的名称', '', '', '']),
        '单位：元',
    ]))
    with open(os.path.join(REJECT, 'gb_invalid.txt'), 'wb') as f:
        f.write('\n'.join(form(name='坏编码')).encode('gb18030') + b'\n\x81\x20\n')
    with open(os.path.join(REJECT, 'not_json.json'), 'w', encoding='utf-8') as f:
        f.write('[{"schema": "jixiao.declaration/1", "year": 2024,\n  "project": {"name": "x",}\n}]\n')
    with open(os.path.join(REJECT, 'bad_types.json'), 'w', encoding='utf-8') as f:
        f.write('''[
  {"schema": "jixiao.declaration/1", "year": "2024",
   "project": {"category": "一次性项目", "department": "民政局", "implementer": "区养老服务中心",
               "start": "2024-13-01", "end": null},
   "funds": {"total": 1200000, "total_fiscal": "1,200,000.00", "total_other": null,
             "annual": "12.345", "annual_appropriation": null, "annual_carryover": null,
             "annual_other": null},
   "goals": {"overall_from": 2024, "overall_to": 2024, "overall": "总目标", "annual": 5},
   "indicators": [
     {"level1": "产出指标", "level2": "数量指标", "name": "", "value": "=1个"},
     {"level1": "产出指标", "level2": "数量指标", "name": "人数", "value": ">=5人",
      "target": {"kind": "numeric", "op": "≥", "value": "5", "unit": "人"}},
     {"level1": "产出指标", "level2": "时效指标", "name": "时间", "value": "2024年7月前",
      "target": {"kind": "deadline", "by": "July"}},
     "not an object"
   ]}
]
''')

    # the JSON reader reads one declaration at a time: what ends the stream
    decl = ('{"schema": "jixiao.declaration/1", "year": 2024, "project": {"name": "社区养老服务补贴", '
            '"category": "一次性项目", "department": "民政局", "implementer": "区养老服务中心"}, '
            '"funds": {"total": "1200000.00", "total_fiscal": "1200000.00", "annual": "1000000.00", '
            '"annual_appropriation": "1000000.00"}, "goals": {"overall": "为全区老人发放补贴。", '
            '"annual": "2024年发放补贴。"}, "indicators": [{"level1": "产出指标", "level2": "数量指标", '
            '"name": "补贴发放人数", "value": ">=1200人"}]}')
    streams = {
        'truncated_array.json': '[\n  ' + decl + ',\n  ' + decl + '\n',
        'truncated_decl.json': '[\n  ' + decl + ',\n  {"schema": "jixiao.declaration/1", "year": 2024,\n',
        'garbage_between.json': '[\n  ' + decl + '\n  oops ' + decl + '\n]\n',
        'trailing_garbage.json': '[\n  ' + decl + '\n]\n]\n',
    }
    for name, text in streams.items():
        with open(os.path.join(REJECT, name), 'w', encoding='utf-8') as f:
            f.write(text)


if __name__ == '__main__':
    main()
