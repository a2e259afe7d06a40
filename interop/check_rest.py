"""Checks our REST wire form against Microsoft's official Python REST SDK (msads 13.0.30.1).

Three groups: the route table against the SDK's operations, our sample bodies against the
SDK's models, and the SDK itself calling our emulator. Prints one `ok`/`FAIL` line per check
and a final `interop: N passed, M failed` line (parsed by CI).
"""

import argparse
import datetime
import enum
import importlib
import inspect
import json
import pathlib
import re
import sys
import typing

import openapi_client.api
from bingads.authorization import AuthorizationData, OAuthDesktopMobileAuthCodeGrant, OAuthTokens
from bingads.service_client import ServiceClient
from openapi_client.api_client import ApiClient
from openapi_client.configuration import Configuration
from openapi_client.exceptions import ApiException
from openapi_client.models.customer import DeleteUserRequest, GetUserRequest, Paging, Predicate, SearchAccountsRequest
from pydantic import BaseModel, ValidationError

from emulator import running

MAX_DETAILS = 3
LINE_KEYS = {'operation', 'method', 'path', 'body', 'response'}


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, problems):
        """problems: (reason, detail lines); an empty reason means the check passed."""
        reason, details = problems
        if not reason:
            self.passed += 1
            print(f'ok  {name}')
            return
        self.failed += 1
        more = f' (+{len(details) - MAX_DETAILS} more)' if len(details) > MAX_DETAILS else ''
        print(f'FAIL {name}: {reason}{more}')
        for line in details[:MAX_DETAILS]:
            print(f'     {line}')


class Operation(typing.NamedTuple):
    method: str
    path: str
    request: type | None  # None: the SDK takes a bare dict body
    response: type | None  # None: the SDK returns the raw JSON ("object")
    serialize: typing.Callable


def model_or_none(annotation):
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def sdk_operations():
    """{service: {operation: Operation}} read from the installed SDK's *_service_api.py modules."""
    # An empty host makes the serialized URL the bare resource path.
    client = ApiClient(Configuration(host=''))
    services = {}
    for file in sorted(pathlib.Path(openapi_client.api.__file__).parent.glob('*_service_api.py')):
        module = importlib.import_module(f'{openapi_client.api.__name__}.{file.stem}')
        cls = next(c for n, c in inspect.getmembers(module, inspect.isclass)
                   if n.endswith('ServiceApi') and c.__module__ == module.__name__)
        api = cls(client)
        ops = services.setdefault(cls.__name__.removesuffix('ServiceApi'), {})
        for name, fn in inspect.getmembers(cls, inspect.isfunction):
            serialize = getattr(api, f'_{name}_serialize', None)
            if name.startswith('_') or serialize is None:
                continue
            hints = typing.get_type_hints(fn)
            body_param = list(inspect.signature(fn).parameters)[1]
            request, response = model_or_none(hints[body_param]), model_or_none(hints['return'])
            if request:
                op = request.__name__.removesuffix('Request')
            elif response:
                op = response.__name__.removesuffix('Response')
            else:
                raise RuntimeError(f'{cls.__name__}.{name}: no request or response model to name it by')
            method, path, *_ = serialize(None, _request_auth=None, _content_type=None, _headers=None, _host_index=0)
            ops[op] = Operation(method, path, request, response, serialize)
    return services


def read_routes(path):
    routes = {}
    rows = (line.rstrip('\n').split('\t') for line in open(path, encoding='utf-8')
            if line.strip() and not line.startswith('#'))
    next(rows)  # header
    for service, op, method, resource_path in rows:
        routes.setdefault(service, {})[op] = (method, resource_path)
    return routes


def route_problems(sdk, ours):
    details = []
    for op in sorted(sdk.keys() | ours.keys()):
        if op not in ours:
            details.append(f'{op}: SDK {" ".join(sdk[op])}, missing from routes.tsv')
        elif op not in sdk:
            details.append(f'{op}: routes.tsv {" ".join(ours[op])}, the SDK has no such operation')
        elif sdk[op] != ours[op]:
            details.append(f'{op}: SDK {" ".join(sdk[op])}, routes.tsv {" ".join(ours[op])}')
    return (f'{len(details)} of {len(sdk.keys() | ours.keys())} routes differ' if details else '', details)


def same_scalar(ours, sdk):
    if isinstance(ours, bool) or isinstance(sdk, bool):
        return type(ours) is type(sdk) and ours == sdk
    return ours == sdk  # 12 and 12.0 are the same JSON number


def diff(ours, sdk, path, out):
    """Appends (kind, path, ours, sdk) for each difference between our JSON and the SDK's re-serialization."""
    if isinstance(ours, dict) and isinstance(sdk, dict):
        for key, value in ours.items():
            if key in sdk:
                diff(value, sdk[key], path + (key,), out)
            else:
                out.append(('dropped', path + (key,), value, None))
        for key in sdk:
            # from_dict marks every field as set, so the SDK re-emits what we left out as null.
            if key not in ours and sdk[key] is not None:
                out.append(('added', path + (key,), None, sdk[key]))
    elif isinstance(ours, list) and isinstance(sdk, list) and len(ours) == len(sdk):
        for i, (a, b) in enumerate(zip(ours, sdk)):
            diff(a, b, path + (i,), out)
    elif isinstance(ours, (dict, list)) or isinstance(sdk, (dict, list)) or not same_scalar(ours, sdk):
        out.append(('changed', path, ours, sdk))


def value_at(model, path):
    """The SDK's parsed value at a JSON path of its model."""
    for step in path:
        if isinstance(step, int):
            model = model[step]
        else:
            model = getattr(model, next(n for n, f in type(model).model_fields.items() if f.alias == step))
    return model


def sdk_writes_ours(model, path, ours, sdk):
    """True if the SDK, given the value we meant, puts exactly our string on the wire.

    Its flag parser ORs a list's names into NONE, so "A, B" re-serializes as "None, A, B";
    the same flags without the NONE bit (what SDK users build with A | B) serialize as ours.
    """
    if not (isinstance(ours, str) and isinstance(sdk, str) and sdk == f'None, {ours}'):
        return False
    value = value_at(model, path)
    return isinstance(value, enum.Flag) and (value & ~type(value).NONE).to_json() == ours


def lossy_note(ours, sdk):
    match = isinstance(ours, str) and isinstance(sdk, str) and re.fullmatch(
        r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?', ours)
    if not match:
        return ''
    causes = (['Python datetime drops fractional digits beyond 6'] * (len(match.group(1) or '') > 6)
              + ['isoformat() writes Z as +00:00'] * (match.group(2) == 'Z'))
    return f' [SDK datetime: {"; ".join(causes)}]' if causes else ''


def same_instant(ours, sdk):
    """True if the SDK's datetime is ours to the microsecond: Python cannot hold .NET's seventh
    fractional digit nor write `Z`, so that difference is the SDK's, not a wrong value of ours."""
    if not lossy_note(ours, sdk):
        return False
    truncated = re.sub(r'(\.\d{6})\d+', r'\1', ours)
    try:
        return datetime.datetime.fromisoformat(truncated) == datetime.datetime.fromisoformat(sdk)
    except ValueError:
        return False


def shown(path):
    return ''.join('[*]' if isinstance(step, int) else f'.{step}' for step in path).lstrip('.')


def summarize(side, differences, model):
    """Findings of one side as [(kind, line)]; repeated list elements are collapsed to [*],
    and the fields dropped from one object are listed together."""
    verb = 'send' if side == 'request' else 'return'
    grouped = {}
    for kind, path, ours, sdk in differences:
        if kind == 'changed' and (sdk_writes_ours(model, path, ours, sdk) or same_instant(ours, sdk)):
            continue
        where = shown(path[:-1]) if kind == 'dropped' else shown(path)
        grouped.setdefault((kind, where), []).append((path, ours, sdk))
    findings = []
    for (kind, where), items in grouped.items():
        _, ours, sdk = items[0]
        if kind == 'dropped':
            names = list(dict.fromkeys(p[-1] for p, _, _ in items))
            times = len(items) // len(names)
            text = f'{where or "top level"}: {", ".join(names)} not in the SDK model, dropped'
        else:
            times = len(items)
            text = (f'{where}: the SDK adds {json.dumps(sdk)[:60]}' if kind == 'added' else
                    f'{where}: we {verb} {json.dumps(ours)[:60]}, the SDK makes it {json.dumps(sdk)[:60]}'
                    + lossy_note(ours, sdk))
        findings.append((kind, f'{side} {text}' + (f' ({times} times)' if times > 1 else '')))
    return findings


def validation_details(error):
    if isinstance(error, ValidationError):
        # Nested models are parsed by their own from_dict, so loc starts at the model named by title.
        return [f'{".".join([error.title, *map(str, e["loc"])])}: {e["msg"]} (input {json.dumps(e.get("input"), default=str)[:60]})'
                for e in error.errors()]
    return [f'{type(error).__name__}: {error}']


def side_problems(side, ours, parse, reserialize):
    """Findings for our request or response JSON: [(kind, line)]."""
    try:
        model = parse(ours)
    except Exception as error:  # pydantic ValidationError, or a ValueError from the SDK's enum parsing
        return [('invalid', f'{side} {line}') for line in validation_details(error)]
    differences = []
    diff(ours, reserialize(model) or {}, (), differences)
    return summarize(side, differences, model)


def body_problems(op, line, client):
    """Route, request and response of one line of the bodies file, as (reason, details)."""
    findings = {}
    if (line['method'], line['path']) != (op.method, op.path):
        findings['route'] = [('differs', f'route: we {line["method"]} {line["path"]}, SDK {op.method} {op.path}')]
    if op.request is None:
        if line['body'] != {}:
            findings['request'] = [('dropped', f'request: the SDK takes no request model, we send {json.dumps(line["body"])[:80]}')]
    else:
        findings['request'] = side_problems(
            'request', line['body'], op.request.from_dict,
            lambda m: op.serialize(m, _request_auth=None, _content_type=None, _headers=None, _host_index=0)[3])
    if op.response is None:
        if line['response'] != {}:
            findings['response'] = [('dropped', f'response: the SDK has no response model, we return {json.dumps(line["response"])[:80]}')]
    else:
        # The SDK's own response path: the model is looked up by name, as _response_types_map holds it.
        findings['response'] = side_problems(
            'response', line['response'],
            lambda r: client.deserialize(json.dumps(r), op.response.__name__, 'application/json'),
            client.sanitize_for_serialization)

    reasons = []
    for side, found in findings.items():
        counts = {}
        for kind, _ in found:
            counts[kind] = counts.get(kind, 0) + 1
        if counts:
            reasons.append(f'{side} ' + ', '.join(f'{n} {kind}' for kind, n in counts.items()))
    # Wrong routes and invalid bodies first, then fields the SDK does not know, then the rest.
    order = {'differs': 0, 'invalid': 1, 'dropped': 2, 'added': 3, 'changed': 4}
    details = [text for _, text in sorted((f for found in findings.values() for f in found), key=lambda f: order[f[0]])]
    return '; '.join(reasons), details


def check_bodies(tally, path, ops):
    client = ApiClient(Configuration(host=''))
    seen = []
    for number, text in enumerate(open(path, encoding='utf-8'), 1):
        try:
            line = json.loads(text)
            absent = LINE_KEYS - line.keys()
        except (ValueError, AttributeError) as error:
            tally.check(f'body line {number}', (f'not a JSON object: {error}', []))
            continue
        if absent:
            tally.check(f'body line {number}', (f'no {", ".join(sorted(absent))}', []))
            continue
        name = line['operation']
        seen.append(name)
        if name not in ops:
            tally.check(f'body {name}', ('the SDK has no such CustomerManagement operation', []))
            continue
        tally.check(f'body {name}', body_problems(ops[name], line, client))
    missing = sorted(ops.keys() - set(seen))
    repeated = sorted({n for n in seen if seen.count(n) > 1})
    reason = ', '.join(part for part in (f'{len(missing)} without a body' if missing else '',
                                         f'{len(repeated)} repeated' if repeated else '') if part)
    tally.check('bodies cover every CustomerManagement operation once',
                (reason, [f'missing: {" ".join(missing)}'] * bool(missing) + [f'repeated: {" ".join(repeated)}'] * bool(repeated)))


def outcome(test):
    """Runs one emulator check; any exception the SDK raises is the failure reason."""
    try:
        return test()
    except ApiException as error:
        return f'{type(error).__name__} {error.status}: {error.body}', []
    except Exception as error:
        return f'{type(error).__name__}: {error}', []


def sdk_against(tally, url):
    auth = OAuthDesktopMobileAuthCodeGrant(client_id='x', oauth_tokens=OAuthTokens(access_token='token'))
    service = ServiceClient('CustomerManagementService', 13,
                            AuthorizationData(developer_token='dev', authentication=auth), location=url)
    got = {}

    def get_user():
        # The _with_http_info variant is the only way to see the response headers. ApiResponse
        # copies urllib3's case-insensitive headers into a plain dict keeping the server's
        # spelling (ours sends lower case), so the name is matched case-insensitively.
        info = service._api.get_user_with_http_info(get_user_request=GetUserRequest(UserId='3002'))
        user = info.data.user
        got['timestamp'] = user.time_stamp
        got['tracking'] = next((v for k, v in info.headers.items() if k.lower() == 'trackingid'), None)
        wrong = [f'{field} {value!r}' for field, value, want in
                 (('Id', user.id, '3002'), ('UserName', user.user_name, 'pat@contoso.com')) if value != want]
        if not user.time_stamp:
            wrong.append('no TimeStamp')
        return ', '.join(wrong), []

    tally.check('emulator GetUser 3002', outcome(get_user))
    tally.check('emulator GetUser sends a TrackingId header',
                ('' if got.get('tracking') else f'TrackingId header {got.get("tracking")!r}', []))

    def delete_user():
        if not got.get('timestamp'):
            return 'no TimeStamp from GetUser 3002', []
        service.delete_user(delete_user_request=DeleteUserRequest(UserId='3002', TimeStamp=got['timestamp']))
        return '', []

    tally.check('emulator DeleteUser 3002 with its TimeStamp', outcome(delete_user))

    def delete_stale():
        try:
            service.delete_user(delete_user_request=DeleteUserRequest(UserId='3003', TimeStamp='AAAAAAAAAAE='))
        except ApiException as error:
            body = json.loads(error.body)
            codes = [e.get('Code') for e in body.get('OperationErrors') or body.get('Errors') or []]
            if error.status != 400 or 209 not in codes:
                return f'status {error.status}, error codes {codes}', [error.body]
            return '', []
        return 'succeeded', []

    tally.check('emulator DeleteUser 3003 with a stale TimeStamp fails with 209', outcome(delete_stale))

    def search_accounts():
        found = service.search_accounts(search_accounts_request=SearchAccountsRequest(
            Predicates=[Predicate(Field='UserId', Operator='Equals', Value='3001')],
            PageInfo=Paging(Index=0, Size=10)))
        ids = [a.id for a in found.accounts or []]
        return ('' if ids == ['2001', '2002'] else f'account ids {ids}'), []

    tally.check('emulator SearchAccounts UserId 3001', outcome(search_accounts))


def check_emulator(tally, binary):
    try:
        with running(binary) as url:
            tally.check('emulator starts', ('', []))
            sdk_against(tally, url)
    except (OSError, RuntimeError) as error:
        tally.check('emulator starts', (f'{binary}: {error}', []))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--bodies', required=True, help='JSON lines from examples/rest_bodies.rs')
    parser.add_argument('--bingads', required=True, help='the bingads CLI binary (for its emulator)')
    parser.add_argument('--routes', required=True, help='tests/fixtures/rest/routes.tsv')
    args = parser.parse_args()

    tally = Tally()
    sdk = sdk_operations()
    ours = read_routes(args.routes)
    for service in sorted(sdk.keys() | ours.keys()):
        sdk_routes = {op: (o.method, o.path) for op, o in sdk.get(service, {}).items()}
        tally.check(f'routes {service}', route_problems(sdk_routes, ours.get(service, {})))
    check_bodies(tally, args.bodies, sdk['CustomerManagement'])
    check_emulator(tally, args.bingads)

    print(f'interop: {tally.passed} passed, {tally.failed} failed')
    return 1 if tally.failed else 0


if __name__ == '__main__':
    sys.exit(main())
