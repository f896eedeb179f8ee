clean.txt --profile profiles/bad_key.json
