clean.txt --profile profiles/bad_syntax.json
