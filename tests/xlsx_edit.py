#!/usr/bin/env python3
"""tests/xlsx_edit.py: edited and broken copies of an XLSX workbook, made as
a person or a damaged download would make them, for tests/xlsx.sh.

Usage: xlsx_edit.py IN OUT OP [OP...]   (IN may be "-" for no input)
  text:S:CELL:TEXT     cell CELL of sheet S (1-based) becomes an inline string
  number:S:CELL:VALUE  cell becomes the number VALUE (as the sheet XML writes
                       it), keeping the cell's style (a date, a percentage)
  error:S:CELL:FORMULA cell becomes a formula whose value is #NAME?
  insert:S:ROW         a blank row goes in before ROW (rows and merges shift)
  drop:PART            the part is left out of the package
  doctype:PART         the part gets a DOCTYPE declaring an entity
  bomb:PART:MIB        MIB mebibytes of spaces inside the part's root element
  truncate:N           only the first N bytes of the package
  garbage              "PK\\3\\4" and bytes that are no ZIP archive
  ole                  the signature of an old .xls (OLE2) file
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

M = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
ET.register_namespace('', M)
ET.register_namespace('r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships')


def q(tag):
    return '{%s}%s' % (M, tag)


def split_ref(ref):
    m = re.fullmatch(r'([A-Z]+)([0-9]+)', ref)
    return m.group(1), int(m.group(2))


def col_num(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def sheet_part(parts, index):
    return 'xl/worksheets/sheet%d.xml' % index


def cell(root, ref, keep_style=False):
    """The <c> of ref, made (in order) when missing; emptied, its type and
    (unless keep_style) its style dropped."""
    data = root.find(q('sheetData'))
    letters, row = split_ref(ref)
    rows = data.findall(q('row'))
    r = next((x for x in rows if int(x.get('r')) == row), None)
    if r is None:
        r = ET.Element(q('row'), r=str(row))
        pos = sum(1 for x in rows if int(x.get('r')) < row)
        data.insert(pos, r)
    cells = r.findall(q('c'))
    c = next((x for x in cells if x.get('r') == ref), None)
    if c is None:
        c = ET.Element(q('c'), r=ref)
        pos = sum(1 for x in cells if col_num(split_ref(x.get('r'))[0]) < col_num(letters))
        r.insert(pos, c)
    for child in list(c):
        c.remove(child)
    for a in ('t',) if keep_style else ('t', 's'):
        c.attrib.pop(a, None)
    return c


def insert_row(root, at):
    def shift(ref):
        letters, row = split_ref(ref)
        return '%s%d' % (letters, row + 1 if row >= at else row)
    for r in root.find(q('sheetData')).findall(q('row')):
        if int(r.get('r')) >= at:
            r.set('r', str(int(r.get('r')) + 1))
            for c in r.findall(q('c')):
                c.set('r', shift(c.get('r')))
    for m in root.iter(q('mergeCell')):
        a, b = m.get('ref').split(':')
        (_, r1), (lb, r2) = split_ref(a), split_ref(b)
        a = shift(a)
        b = '%s%d' % (lb, r2 + 1) if r2 >= at else b
        m.set('ref', a + ':' + b)
    dim = root.find(q('dimension'))
    if dim is not None:
        root.remove(dim)


def main(src, dst, ops):
    if ops == ['garbage']:
        open(dst, 'wb').write(b'PK\x03\x04' + b'this is not a zip archive. ' * 8)
        return
    if ops == ['ole']:
        open(dst, 'wb').write(bytes.fromhex('d0cf11e0a1b11ae1') + bytes(504))
        return
    data = open(src, 'rb').read()
    if ops[0].startswith('truncate:'):
        open(dst, 'wb').write(data[:int(ops[0].split(':')[1])])
        return
    zin = zipfile.ZipFile(src)
    parts = {n: zin.read(n) for n in zin.namelist()}
    order = zin.namelist()
    trees = {}

    def tree(index):
        name = sheet_part(parts, int(index))
        if name not in trees:
            trees[name] = ET.fromstring(parts[name])
        return trees[name]

    for op in ops:
        kind, _, arg = op.partition(':')
        if kind == 'text':
            s, ref, text = arg.split(':', 2)
            c = cell(tree(s), ref)
            c.set('t', 'inlineStr')
            t = ET.SubElement(ET.SubElement(c, q('is')), q('t'))
            t.text = text
        elif kind == 'number':
            s, ref, value = arg.split(':', 2)
            c = cell(tree(s), ref, keep_style=True)
            ET.SubElement(c, q('v')).text = value
        elif kind == 'error':
            s, ref, formula = arg.split(':', 2)
            c = cell(tree(s), ref)
            c.set('t', 'e')
            ET.SubElement(c, q('f')).text = formula
            ET.SubElement(c, q('v')).text = '#NAME?'
        elif kind == 'insert':
            s, row = arg.split(':')
            insert_row(tree(s), int(row))
        elif kind == 'drop':
            del parts[arg]
            order.remove(arg)
        elif kind == 'doctype':
            body = parts[arg].decode('utf-8')
            body = re.sub(r'^(<\?xml[^>]*\?>)', r'\1<!DOCTYPE worksheet [<!ENTITY e "eeee">]>', body)
            parts[arg] = body.encode('utf-8')
        elif kind == 'bomb':
            name, mib = arg.split(':')
            body = parts[name]
            i = re.search(rb'<[A-Za-z][^>]*>', body[body.index(b'?>') + 2:]).end() + body.index(b'?>') + 2
            parts[name] = body[:i] + b' ' * (int(mib) << 20) + body[i:]
        else:
            sys.exit('xlsx_edit.py: unknown operation ' + op)
    for name, t in trees.items():
        parts[name] = ET.tostring(t, encoding='UTF-8', xml_declaration=True)
    with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for name in order:
            zout.writestr(name, parts[name])


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
