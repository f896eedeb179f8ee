/*
 * help.c: the long help texts, one row per command.
 */
#include <string.h>

#include "help.h"

static const struct {
	const char *name;
	const char *text;
} help[] = {
	{ "convert",
	  "读取申报表文件（PDF 提取的文本、jixiao JSON、XLSX 工作簿或指标明细 CSV，\n"
	  "按内容识别，不看文件名），在标准输出写出 JSON 数组，\n"
	  "不使用数据库。文本可为 UTF-8、GB18030 或带 BOM 的 UTF-16，行尾可为 CRLF。\n"
	  "文件中的任何问题都会以“文件:行: 错误: 字段: 说明”列在标准错误上；\n"
	  "有问题时不输出 JSON，退出码为 2。\n\n"
	  "选项：\n  --to json   输出格式（目前只有 json）\n" },
	{ "import",
	  "读取申报表文件并存入数据库。以“年度 + 实施单位 + 项目名称”识别同一份申报表：\n"
	  "内容相同则不变；内容不同则保存为新版本，旧版本保留。\n"
	  "一次导入是一个事务：任何文件有任何错误，则什么都不保存。\n"
	  "在终端上导入大文件时显示进度。\n"
	  "不给 --as 时，导入者是持有数据库文件的管理员，不受网页用户的权限限制\n"
	  "（JIXIAO_USER 或 USER 只记为操作人）。\n\n"
	  "选项：\n  --as USER   代网页用户 USER 导入：每份申报表按与网页导入相同的权限规则判断\n"
	  "              （见 docs/web.md），任何一份被拒绝则什么都不保存\n"
	  "  --db PATH   数据库文件（默认 JIXIAO_DB 或 ./jixiao.db）\n" },
	{ "list",
	  "列出数据库中每份申报表的当前版本。\n\n"
	  "选项：\n  --year Y          只列出该年度\n"
	  "  --department D    只列出该主管部门\n"
	  "  --json            输出 JSON 数组\n"
	  "  --db PATH         数据库文件\n" },
	{ "show",
	  "显示编号为 ID 的申报表（默认当前版本）。\n\n"
	  "选项：\n  --revision N   显示第 N 版\n"
	  "  --json         输出 jixiao JSON（与 export 相同的格式）\n"
	  "  --db PATH      数据库文件\n" },
	{ "export",
	  "导出申报表的当前版本：给出编号则导出这些（任一编号不存在则什么都不写），\n"
	  "否则导出全部，按编号顺序。\n\n"
	  "选项：\n  --format F   输出格式（默认 json）：\n"
#define EXPORT(name, impl, binary, summary) "                 " #name "：" summary "\n"
#include "exports.def"
#undef EXPORT
	  "  -o FILE      写入 FILE；pdf 和 html 先写 FILE.tmp，全部成功才改名为 FILE，\n"
	  "               失败时不留下文件。pdf 必须给出，其他格式默认写到标准输出\n"
	  "               （xlsx 各格式同样先写临时文件，必须给出 -o）\n"
	  "  --year Y     只导出该年度的申报表（不与编号同用）\n"
	  "  --department D  只导出该主管部门的申报表（汇总表的标题也写明年度和部门）\n"
	  "  --db PATH    数据库文件\n" },
	{ "history",
	  "列出编号为 ID 的申报表的每一版：何时、由谁、从哪里导入，以及随该版保存的审核结果\n"
	  "（建议评级和问题数），然后列出它在流程中的每一步（提交、审核、退回、批复）。\n\n"
	  "选项：\n  --db PATH   数据库文件\n" },
	{ "copy",
	  "把 --from 数据库中的全部内容复制到 --to 数据库：申报表的每一版及其审核结果、指标、\n"
	  "流转记录、审计日志、用户（含密码散列）和登录会话、登录失败记录、运行监控、\n"
	  "绩效自评及其各版和流转记录、概览的汇总，编号不变。用于把区里的数据库搬到市里的服务器上，\n"
	  "两边可以是不同的数据库引擎。全文检索的索引不复制，由下一次搜索重建。\n"
	  "--to 必须是空数据库（文件不存在时新建）；--from 必须已存在。\n"
	  "复制在两边各一个事务中进行：写完后逐表读回目标数据库，与从源数据库读到的比较行数和内容哈希，\n"
	  "任何一张表不一致或任何一步失败，目标数据库都不写入任何内容。\n"
	  "每张表复制后和校验后各输出一行。\n\n"
	  "选项：\n  --from DB   源数据库\n"
	  "  --to DB     目标数据库（必须为空）\n\n"
	  "退出码：0 复制并校验完成；2 用法有误、源数据库不存在或目标数据库不是空的；\n"
	  "3 数据库故障或校验不一致（目标数据库不变）。\n" },
	{ "user",
	  "管理网页应用（jixiao serve）的用户。密码从标准输入读取（一行），以 argon2id 散列保存，\n"
	  "不出现在命令行上。密码至少 12 个字符，不能全是空白，也不能太弱（由 cracklib 检查：\n"
	  "字典单词、123456 这样连续的字符、用户名等）；不符合时说明原因，退出码 2。\n\n"
	  "  user add NAME --role ROLE [--unit 实施单位] [--department 主管部门]\n"
	  "      角色：unit 填报人（须给 --unit，只能看到和填报本单位的申报表）、\n"
	  "      department 主管部门审核人（须给 --department）、finance 财政审核人、admin 管理员\n"
	  "  user passwd NAME        修改密码（并结束该用户的所有登录）\n"
	  "  user list               列出用户\n"
	  "  user disable NAME       停用（并结束其登录）；user enable NAME 重新启用\n\n"
	  "例：echo '密码……' | jixiao user add 张三 --role unit --unit 区养老服务中心\n" },
	{ "serve",
	  "启动网页应用：填报单位申报，主管部门和财政审核、批复，人人看到同一张表、同样的审核意见和历史。\n"
	  "只在给出的地址上监听（默认 127.0.0.1:8080）。数据库里还没有用户时，创建管理员 admin\n"
	  "并打印一次性密码；其他用户用 jixiao user add 添加。Ctrl-C（或 SIGTERM）停止。\n\n"
	  "选项：\n  --listen 地址:端口   监听地址（IPv4）\n"
	  "  --threads N          工作线程数（默认每个 CPU 一个）\n"
	  "  --trust-proxy        在反向代理之后：客户端地址取 X-Forwarded-For 的最后一项，\n"
	  "                       X-Forwarded-Proto 为 https 时会话 Cookie 带 Secure（默认不信任这两个头）\n"
	  "  --routes             只列出全部路由（方法、路径、可用角色、标志），不启动\n"
	  "  --db PATH            数据库文件\n  --profile 方案       自动审核使用的方案\n" },
	{ "score",
	  "读取 FORMAT.md 第二部分的自评文件（jixiao.selfeval/1：申报表、预算执行、权重、每个指标的实际完成值\n"
	  "和可自定的分值 weight），按评分规则计算预算执行率得分、每个指标的分值和得分、总分和等级（优、良、中、差）。\n"
	  "每个得分四舍五入到两位小数，总分是各得分之和。失分或远超目标而没有说明原因的指标会标出；\n"
	  "执行率低于方案的下限（默认 90%）而没有预算执行偏差原因 budget.reason 的，标在 budget_flags。\n"
	  "html、pdf、xlsx 输出项目支出绩效自评表：资金执行、年度总体目标与实际完成情况、\n"
	  "各指标的指标值、实际完成值、分值、得分和偏差原因，总分和自评等级。\n\n"
	  "选项：\n  --format text|json|html|pdf|xlsx   输出格式（默认 text；html 是可打印的完整页面）\n"
	  "  -o FILE              写入文件（pdf、xlsx 必须给出）；写完才改名为 FILE，失败不留文件\n"
	  "  --profile 方案       评分规则（默认权重、反向指标公式、等级线、远超目标倍数、执行率下限）取自该方案\n" },
	{ "check",
	  "按审核规则（jixiao rules 列出）检查申报表：资金是否平衡、日期、目标、\n"
	  "指标是否完整和可衡量、目标文字与指标值是否一致等。每个问题一行：\n"
	  "“文件:行: 级别: 说明 [规则]”，每份申报表最后一行给出建议评级（优、良、中、差）。\n"
	  "评级只是建议，由审核人决定。\n\n"
	  "输入可以是文件（与 convert 相同的格式），也可以用 --db 检查数据库中的申报表：\n"
	  "给出编号则检查这些，否则检查全部（当前版本）。\n\n"
	  "选项：\n  --format text|json   输出格式（默认 text）\n"
	  "  --profile 方案        审核方案：内置名称（shanghai-2023、central-2021）或方案文件\n"
	  "  --db PATH            检查数据库中的申报表\n\n"
	  "退出码：0 没有错误级别的问题；1 有申报表存在错误；2 输入无法读取或用法有误。\n" },
	{ "rules",
	  "列出审核规则：规则编号、级别（按审核方案）、审核维度和检查内容。\n\n"
	  "选项：\n  --format text|json|markdown   输出格式（默认 text；markdown 即 docs/rules.md 的规则表）\n"
	  "  --profile 方案                 按该方案给出级别\n" },
};

const char *command_help(const char *name)
{
	for (size_t i = 0; i < sizeof(help) / sizeof(help[0]); i++)
		if (strcmp(help[i].name, name) == 0)
			return help[i].text;
	return "";
}
