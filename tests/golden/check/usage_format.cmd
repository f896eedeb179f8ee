clean.txt --format xml
