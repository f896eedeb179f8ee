clean.txt --profile profiles/bad_role.json
