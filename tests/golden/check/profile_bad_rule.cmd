clean.txt --profile profiles/bad_rule.json
