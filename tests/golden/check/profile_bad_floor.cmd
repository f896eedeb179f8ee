clean.txt --profile profiles/bad_floor.json
