clean.txt --profile profiles/bad_required.json
