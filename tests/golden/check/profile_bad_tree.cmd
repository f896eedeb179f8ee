clean.txt --profile profiles/bad_tree.json
