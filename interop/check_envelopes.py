"""An oracle that is not ours for the request envelopes no documentation template shows: zeep
4.3.3 (strict) parses each envelope our writer makes for a fully populated sample request
against the vendored WSDL, as a server would, and every value it reads is compared with the
request's JSON view. An element the WSDL does not allow there, a value that does not read as
its XML type, a value that differs, one that is missing or one too many fails the check.
Input: JSON lines from examples/soap_envelopes.rs. Prints one `ok`/`FAIL` line per envelope
and a final `envelopes: N passed, M failed` line.
"""

import argparse
import base64
import datetime
import decimal
import json
import logging
import pathlib
import re
import sys
from collections import Counter

import isodate
import zeep
from lxml import etree
from zeep.helpers import serialize_object

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / 'tests/fixtures/docs-templates'
ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
HEADERS = {'authenticationtoken': 'interop-authentication-token', 'developertoken': 'interop-developer-token'}
DATETIME = re.compile(r'^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$')


class Translation(logging.Handler):
    """zeep logs a value it cannot read and goes on with None: each one is a failure here."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def emit(self, record):
        self.errors.append(record.getMessage() + (f': {record.exc_info[1]}' if record.exc_info else ''))


TIME = re.compile(r'^\d{2}:\d{2}:\d{2}(\.\d+)?$')
DURATION = re.compile(r'^-?P(?=\d|T\d)')
NUMBER = re.compile(r'^-?\d+(\.\d+)?$')


def scalar(value):
    """One canonical text form for a leaf value, from either side (zeep's Python values, the
    JSON view's strings and numbers)."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime.datetime):
        # zeep keeps microseconds: compare at that precision, in UTC.
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec='microseconds')
    if isinstance(value, datetime.time):
        return value.replace(tzinfo=None).isoformat(timespec='microseconds')
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (datetime.timedelta, isodate.Duration)):
        return isodate.duration_isoformat(value)
    if isinstance(value, (int, float, decimal.Decimal)):
        number = decimal.Decimal(repr(value)) if isinstance(value, float) else decimal.Decimal(value)
        text = format(number, 'f')
        return text.rstrip('0').rstrip('.') if '.' in text else text
    text = str(value)
    match = DATETIME.match(text)
    if match:
        fraction = (match.group(2) or '')[:7]
        return scalar(datetime.datetime.fromisoformat(match.group(1) + fraction + (match.group(3) or '').replace('Z', '+00:00')))
    if TIME.match(text):
        return scalar(datetime.time.fromisoformat(text[:15]))
    if DURATION.match(text):
        return scalar(isodate.parse_duration(text))
    if NUMBER.match(text):
        return scalar(decimal.Decimal(text))
    return text


FLAGS = re.compile(r'^[A-Za-z]+(, [A-Za-z]+)+$')


def leaves(value, path=(), unwrap=False):
    """(path, text) pairs of every present leaf, paths in lower case (the JSON view spells the
    KeyValuePair members Key and Value, the XML key and value). With `unwrap` (zeep's side) an
    ArrayOfX wrapper, an object whose one member holds the list, counts as that list, as the
    JSON view writes it. A JSON string of enum flags ("A, B", an xs:list in XML) counts as its
    items."""
    if value is None:
        return []
    if isinstance(value, dict):
        members = {k: v for k, v in value.items() if not k.startswith('_')}
        if unwrap and len(members) == 1:
            (only,) = members.values()
            if isinstance(only, list):
                return leaves(only, path, unwrap)
        out = []
        for key, member in members.items():
            out += leaves(member, path + (key,), unwrap)
        return out
    if isinstance(value, list):
        out = []
        for item in value:
            out += leaves(item, path, unwrap)
        return out
    if not unwrap and isinstance(value, str) and FLAGS.match(value):
        return [('/'.join(path).lower(), flag) for flag in value.split(', ')]
    return [('/'.join(path).lower(), scalar(value))]


def check(client, line, translation):
    operation, envelope = line['operation'], etree.fromstring(line['envelope'].encode())
    binding = next(iter(client.wsdl.bindings.values()))
    translation.errors.clear()
    parsed = binding._operations[operation].input.deserialize(envelope)
    problems = [f'zeep could not read a value: {e}' for e in translation.errors]
    body = serialize_object(parsed.body if hasattr(parsed, 'body') else parsed)
    got, want = Counter(leaves(body, unwrap=True)), Counter(leaves(line['json']))
    for (path, text), n in sorted((want - got).items()):
        problems.append(f'{path}={text!r} sent, zeep read {sorted(t for p, t in got if p == path)[:3]!r}' + (f' ({n}x)' if n > 1 else ''))
    for (path, text), n in sorted((got - want).items()):
        if not any(p == path for p, _ in want):
            problems.append(f'{path}={text!r} read by zeep, not in the request')
    # The header blocks: the two tokens examples/soap_envelopes.rs sends, read back by zeep.
    header = Counter(leaves(serialize_object(getattr(parsed, 'header', None)), unwrap=True))
    if header != Counter(HEADERS.items()):
        problems.append(f'zeep read the headers {sorted(header)}, want {sorted(HEADERS.items())}')
    # An operation whose request has no members: its element is there, and empty.
    if not want:
        body_children = envelope.find(f'{{{ENV}}}Body').getchildren()
        if [etree.QName(c).localname for c in body_children] != [f'{operation}Request'] or len(body_children[0]):
            problems.append(f'the body is not one empty {operation}Request element')
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--envelopes', required=True, help='JSON lines from examples/soap_envelopes.rs')
    parser.add_argument('--all', action='store_true', help='check every operation, not only those without a template')
    args = parser.parse_args()

    translation = Translation()
    logging.getLogger('zeep.xsd.types.simple').addHandler(translation)
    settings = zeep.Settings(strict=True, xsd_ignore_sequence_order=False)
    clients = {v: zeep.Client(str(ROOT / f'wsdl/{v}/CustomerManagementService.wsdl'), settings=settings) for v in ('v12', 'v13')}
    passed = failed = 0
    per_version = Counter()
    with open(args.envelopes) as lines:
        for raw in lines:
            line = json.loads(raw, parse_float=decimal.Decimal)
            version, operation = line['version'], line['operation']
            if not args.all and (TEMPLATES / version / f'{operation}.request.xml').exists():
                continue
            per_version[version] += 1
            try:
                problems = check(clients[version], line, translation)
            except Exception as error:
                problems = [f'{type(error).__name__}: {error}']
            if problems:
                failed += 1
                print(f'FAIL {version} {operation}: ' + '; '.join(problems[:8]) + (f'; … {len(problems) - 8} more' if len(problems) > 8 else ''))
            else:
                passed += 1
                print(f'ok  {version} {operation}')
    print(f'checked without a template: {dict(per_version)}')
    print(f'envelopes: {passed} passed, {failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
