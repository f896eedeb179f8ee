clean.txt --profile profiles/bad_verdict.json
