-- search.lua: wrk script of bench/http.sh: the list page searched for several
-- texts in turn.  JX_SEARCH=long (the default): four texts of three characters
-- or more (the trigram index), from rare to in most forms of the default
-- corpus: 第12号 (one form), 劳动保障 (2%), 公共服务水平 (17%), 满意度 (90%).
-- JX_SEARCH=short: four of one or two characters (decl_gram): 水利 (1%),
-- 12 (16%), 镇 (43%), 费 (81%).
local sets = {
	long = {
		"/?q=%E7%AC%AC12%E5%8F%B7",
		"/?q=%E5%8A%B3%E5%8A%A8%E4%BF%9D%E9%9A%9C",
		"/?q=%E5%85%AC%E5%85%B1%E6%9C%8D%E5%8A%A1%E6%B0%B4%E5%B9%B3",
		"/?q=%E6%BB%A1%E6%84%8F%E5%BA%A6",
	},
	short = {
		"/?q=%E6%B0%B4%E5%88%A9",
		"/?q=12",
		"/?q=%E9%95%87",
		"/?q=%E8%B4%B9",
	},
}
local paths = sets[os.getenv("JX_SEARCH") or "long"] or sets.long
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
