clean.txt --profile profiles/bad_source.json
