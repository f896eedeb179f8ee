#!/usr/bin/env python3
"""tests/xlsx_cells.py: the content of an XLSX workbook as text, for golden
tests that must not compare raw bytes: per sheet its name, column widths,
merged ranges and every cell that holds something, "C6=5350000 [#,##0.00]"
(numbers as the sheet XML writes them, with their number format; text with
shared and inline strings resolved; "s:" marks a string that looks like a
number).  Usage: xlsx_cells.py FILE.xlsx"""
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
      'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
      'p': 'http://schemas.openxmlformats.org/package/2006/relationships'}
BUILTIN = {0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%',
           14: 'mm-dd-yy', 49: '@'}


def text_of(el):
    """The text of <si> or <is>: <t> and runs, phonetic runs left out."""
    out = []
    for node in el.iter():
        if node.tag == '{%s}rPh' % NS['m']:
            continue
        if node.tag == '{%s}t' % NS['m']:
            out.append(node.text or '')
    # iter() also walks into rPh's <t>; drop those
    for ph in el.findall('.//m:rPh/m:t', NS):
        out.remove(ph.text or '')
    return ''.join(out)


def show(s):
    return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\r', '\\r')


def main(path):
    z = zipfile.ZipFile(path)
    names = {n.lower(): n for n in z.namelist()}
    wb = ET.fromstring(z.read(names['xl/workbook.xml']))
    rels = ET.fromstring(z.read(names['xl/_rels/workbook.xml.rels']))
    target = {r.get('Id'): r.get('Target') for r in rels.findall('p:Relationship', NS)}
    sst = []
    if 'xl/sharedstrings.xml' in names:
        for si in ET.fromstring(z.read(names['xl/sharedstrings.xml'])).findall('m:si', NS):
            sst.append(text_of(si))
    fmts = dict(BUILTIN)
    xfs = []
    if 'xl/styles.xml' in names:
        st = ET.fromstring(z.read(names['xl/styles.xml']))
        for nf in st.findall('m:numFmts/m:numFmt', NS):
            fmts[int(nf.get('numFmtId'))] = nf.get('formatCode')
        xfs = [int(xf.get('numFmtId', '0')) for xf in st.findall('m:cellXfs/m:xf', NS)]
    for sheet in wb.findall('m:sheets/m:sheet', NS):
        rid = sheet.get('{%s}id' % NS['r'])
        part = posixpath.normpath(posixpath.join('xl', target[rid]))
        ws = ET.fromstring(z.read(names[part.lower()]))
        print('== ' + sheet.get('name'))
        for col in ws.findall('m:cols/m:col', NS):
            print('col %s-%s width %s' % (col.get('min'), col.get('max'), col.get('width')))
        for m in ws.findall('m:mergeCells/m:mergeCell', NS):
            print('merge ' + m.get('ref'))
        for c in ws.findall('m:sheetData/m:row/m:c', NS):
            t = c.get('t', 'n')
            v = c.find('m:v', NS)
            f = c.find('m:f', NS)
            if t == 's':
                val = sst[int(v.text)]
            elif t == 'inlineStr':
                val = text_of(c.find('m:is', NS))
            elif v is None:
                continue
            else:
                val = v.text or ''
            if t in ('s', 'inlineStr', 'str') and re.fullmatch(r'-?[0-9.]+', val):
                val = 's:' + val
            fmt = ''
            if t == 'n':
                fid = xfs[int(c.get('s', '0'))] if xfs else 0
                if fid:
                    fmt = ' [%s]' % fmts.get(fid, fid)
            if f is not None:
                fmt += ' {=%s}' % f.text
            print('%s=%s%s' % (c.get('r'), show(val), fmt))


if __name__ == '__main__':
    main(sys.argv[1])
