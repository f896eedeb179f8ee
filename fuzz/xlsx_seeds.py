#!/usr/bin/env python3
"""fuzz/xlsx_seeds.py: XLSX workbooks as the text packages fuzz_xlsx reads
("--- NAME" before each part), keeping only the parts the reader looks at.
Usage: xlsx_seeds.py OUT.parts IN.xlsx        (one workbook to text)
       xlsx_seeds.py --zip IN.parts OUT.xlsx  (text back to a ZIP package)"""
import re
import sys
import zipfile

KEEP = re.compile(r'(_rels/\.rels|xl/_rels/workbook\.xml\.rels|xl/workbook\.xml|'
                  r'xl/sharedStrings\.xml|xl/styles\.xml|xl/worksheets/sheet\d+\.xml)$')

if sys.argv[1] == '--zip':
    text = open(sys.argv[2], 'rb').read()
    with zipfile.ZipFile(sys.argv[3], 'w', zipfile.ZIP_DEFLATED) as z:
        for chunk in text.split(b'--- ')[1:]:
            name, _, body = chunk.partition(b'\n')
            z.writestr(name.decode(), body.rstrip(b'\n'))
else:
    z = zipfile.ZipFile(sys.argv[2])
    with open(sys.argv[1], 'wb') as out:
        for name in z.namelist():
            if KEEP.match(name):
                out.write(b'--- ' + name.encode() + b'\n' + z.read(name) + b'\n')
