clean.txt --profile profiles/bad_source_missing.json
