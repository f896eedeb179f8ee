clean.txt --profile shanghai-2099
