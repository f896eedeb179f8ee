clean.txt --profile profiles/bad_missing.json
