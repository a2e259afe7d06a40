"""Every answer the emulator writes is complete, checked by oracles that are not ours.

For each example seed (examples/emulator-seed.json, examples/emulator-agency-seed.json) and each
Customer Management operation (all 39 of v13; over SOAP also the 34 of v12) it sends a request
that succeeds, on an emulator of its own (a few operations get a seed changed so the signed-in
user may call them), and checks the answer:

- SOAP (`--transport soap`, the zeep venv): zeep builds each request from the vendored WSDL; the
  answer's body element is validated by lxml against the WSDL's own schemas, and every member of
  every complex type in it must be there (wsdl_members.py: nil only where nillable, absent only
  where the data contract says EmitDefaultValue="false"), as WCF's DataContractSerializer writes.
- REST (`--transport rest`, the msads venv): the answer is read by Microsoft's official Python
  REST SDK's own deserializer into its response model, and every member of every model in it
  must be a key of the JSON (null only where the WSDL's member is nillable, absent only where
  EmitDefaultValue="false").

Where an operation makes or changes something (AddAccount, SignupCustomer, AddClientLinks,
SendUserInvitation, the updates) the reads of it follow in the same emulator and are checked
the same way: answers about entities the emulator built itself.

Then a few faults per seed (an unknown account: ApiFault; a refused developer token:
AdApiFaultDetail) are checked the same way: SOAP faults as WCF writes them (faultcode,
faultstring, detail with the fault element), REST fault bodies through the SDK's fault models;
and over SOAP an empty enum element gets WCF's dispatcher fault (a:DeserializationFailed).
Prints one `ok`/`FAIL` line per check and `answers (<transport>): N passed, M failed`.
"""

import argparse
import base64
import copy
import json
import pathlib
import sys
import tempfile
import urllib.error
import urllib.request

from emulator import running
from wsdl_members import XSI, Contract

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = {'default': ROOT / 'examples/emulator-seed.json', 'agency': ROOT / 'examples/emulator-agency-seed.json'}
ROUTES = ROOT / 'tests/fixtures/rest/routes.tsv'
ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
NS13 = 'https://bingads.microsoft.com/Customer/v13'
DISPATCHER = 'http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher'
MAX_PROBLEMS = 4


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, test):
        try:
            problems = test()
        except Exception as error:  # an answer the oracle cannot read is a failure too
            problems = [f'{type(error).__name__}: {error}']
        if not problems:
            self.passed += 1
            print(f'ok  {name}')
            return
        self.failed += 1
        more = f' (+{len(problems) - MAX_PROBLEMS} more)' if len(problems) > MAX_PROBLEMS else ''
        print(f'FAIL {name}: {"; ".join(problems[:MAX_PROBLEMS])}{more}')


# ---------------------------------------------------------------- the emulator and its data

def emulator(binary, seed):
    """The URL of a new emulator on `seed` (a dict), stopped afterwards."""
    return running(binary, seed)


def tokens(seed):
    """The developer and access tokens the seed takes (any non-empty one when it lists none)."""
    return ((seed.get('developer_tokens') or ['interop-dev'])[0],
            (seed.get('authentication_tokens') or ['interop-token'])[0])


def read_routes():
    rows = [line.rstrip('\n').split('\t') for line in open(ROUTES, encoding='utf-8')
            if line.strip() and not line.startswith('#')][1:]
    return {op: (method, path) for service, op, method, path in rows if service == 'CustomerManagement'}


ROUTE = read_routes()


def rest_call(url, seed, operation, body, developer_token=None):
    """(HTTP status, JSON text) of one REST call, the headers as the official SDK sends them."""
    method, path = ROUTE[operation]
    developer, access = tokens(seed)
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method=method, headers={
        'Content-Type': 'application/json', 'Authorization': f'Bearer {access}',
        'DeveloperToken': developer_token or developer, 'CustomerId': 'None', 'CustomerAccountId': 'None'})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def fetch(url, seed, operation, body, member):
    """One member of a succeeding REST answer (the TimeStamps an update or delete needs)."""
    status, text = rest_call(url, seed, operation, body)
    if status != 200:
        raise RuntimeError(f'{operation} {body} answered {status}: {text[:200]}')
    return json.loads(text)[member]


class Case:
    """Whom a seed's requests aim at: the signed-in user, its customer, that customer's first
    account and another user of it (the signed-in one when alone)."""

    def __init__(self, seed):
        self.me = seed['signed_in_user_id']
        users = {u['User']['Id']: u for u in seed['users']}
        self.customer = users[self.me]['User']['CustomerId']
        self.account = min(a['Id'] for a in seed['accounts'] if a['ParentCustomerId'] == self.customer)
        self.other = next((i for i, u in sorted(users.items()) if u['User']['CustomerId'] == self.customer and i != self.me),
                          self.me)


def prepare(operation, seed, c):
    """(seed, request) for a call of `operation` that succeeds: the request is REST JSON (the
    SOAP side converts it); a callable value is filled in from the started emulator."""
    seed = copy.deepcopy(seed)
    customer, account, other = str(c.customer), str(c.account), str(c.other)
    link = {'Type': 'AccountLink', 'ClientEntityId': account, 'ManagingCustomerId': customer,
            'Name': 'Interop link', 'IsBillToClient': True}

    def grant(role):
        me = next(u for u in seed['users'] if u['User']['Id'] == c.me)
        me['CustomerRoles'].append({'RoleId': role, 'CustomerId': c.customer})

    def account_now(url):
        return fetch(url, seed, 'GetAccount', {'AccountId': account}, 'Account')

    def customer_now(url):
        return fetch(url, seed, 'GetCustomer', {'CustomerId': customer}, 'Customer')

    def renamed(get, name):
        def fill(url):
            entity = get(url)
            entity['Name'] = name
            return entity
        return fill

    if operation in ('AddAccount', 'AddPrepayAccount'):
        return seed, {'Account': {'Name': 'Interop account', 'CurrencyCode': 'USD', 'ParentCustomerId': customer,
                                  'Language': 'English', 'TimeZone': 'EasternTimeUSCanada'}}
    if operation == 'AddClientLinks':
        seed['client_links'] = []
        return seed, {'ClientLinks': [link]}
    if operation == 'DeleteAccount':
        return seed, {'AccountId': account, 'TimeStamp': lambda url: account_now(url)['TimeStamp']}
    if operation == 'DeleteCustomer':
        # No role may delete a customer (the user roles guide); a seed without users is open.
        seed['users'], seed['user_invitations'] = [], []
        seed.pop('signed_in_user_id')
        return seed, {'CustomerId': customer, 'TimeStamp': lambda url: customer_now(url)['TimeStamp']}
    if operation == 'DeleteUser':
        return seed, {'UserId': other, 'TimeStamp': lambda url: fetch(url, seed, 'GetUser', {'UserId': other}, 'User')['TimeStamp']}
    if operation in ('DismissNotifications', 'GetNotifications'):
        seed['notifications'] = [{'Id': 9001, 'TypeId': 1, 'Title': 'Interop', 'Message': 'm', 'Severity': 1}]
        return seed, ({} if operation == 'GetNotifications' else {'NotificationTypePairs': [{'Key': '9001', 'Value': 1}]})
    if operation == 'FindAccounts':
        return seed, {'CustomerId': customer, 'AccountFilter': '', 'TopN': 10}
    if operation == 'FindAccountsOrCustomersInfo':
        return seed, {'Filter': '', 'TopN': 10}
    if operation == 'UpgradeCustomerToAgency':
        seed['agencies'] = [a for a in seed.get('agencies', []) if a != c.customer]
        return seed, {'CustomerId': customer}
    if operation in ('GetAccessibleCustomer', 'GetCustomer', 'GetCustomerPilotFeatures', 'GetAccountsInfo',
                     'GetLinkedAccountsAndCustomersInfo', 'GetUsersInfo'):
        return seed, {'CustomerId': customer}
    if operation in ('GetAccount', 'GetAccountPilotFeatures'):
        return seed, {'AccountId': account}
    if operation == 'GetCustomersInfo':
        return seed, {'CustomerNameFilter': '', 'TopN': 10}
    if operation == 'GetUser':
        return seed, {'UserId': other}
    if operation == 'MapAccountIdToExternalAccountIds':
        return seed, {'AccountId': account, 'ExternalAccountIds': ['ext-1']}
    if operation == 'MapCustomerIdToExternalCustomerId':
        return seed, {'CustomerId': customer, 'ExternalCustomerId': 'ext-1'}
    if operation == 'SearchAccounts':
        return seed, {'Predicates': [{'Field': 'UserId', 'Operator': 'Equals', 'Value': str(c.me)}],
                      'PageInfo': {'Index': 0, 'Size': 100}}
    if operation == 'SearchClientLinks':
        seed['client_links'] = [dict(link, Status='Active', StartDate='-P1D')]
        return seed, {'Predicates': [{'Field': 'ClientAccountId', 'Operator': 'In', 'Value': account}],
                      'Ordering': [{'Field': 'Number', 'Order': 'Ascending'}], 'PageInfo': {'Index': 0, 'Size': 100}}
    if operation == 'SearchCustomers':
        return seed, {'Predicates': [{'Field': 'CustomerId', 'Operator': 'Equals', 'Value': customer}],
                      'PageInfo': {'Index': 0, 'Size': 100}}
    if operation == 'SearchUserInvitations':
        return seed, {'Predicates': [{'Field': 'CustomerId', 'Operator': 'In', 'Value': customer}]}
    if operation == 'SendUserInvitation':
        return seed, {'UserInvitation': {'FirstName': 'New', 'LastName': 'User', 'Email': 'new@example.com',
                                         'CustomerId': customer, 'RoleId': 16, 'Lcid': 'EnglishUS'}}
    if operation == 'SignupCustomer':
        grant(33)  # "Typically you must be a user with aggregator credentials" (signupcustomer.md)
        return seed, {'Customer': {'Name': 'Interop client', 'Industry': 'Other', 'MarketCountry': 'US',
                                   'MarketLanguage': 'English'},
                      'Account': {'Name': 'Interop client account', 'CurrencyCode': 'USD', 'ParentCustomerId': customer,
                                  'TimeZone': 'PacificTimeUSCanadaTijuana'},
                      'ParentCustomerId': customer}
    if operation == 'UpdateAccount':
        return seed, {'Account': renamed(account_now, 'Renamed account')}
    if operation == 'UpdatePrepayAccount':
        seed.setdefault('prepay_accounts', []).append(c.account)
        return seed, {'Account': renamed(account_now, 'Renamed prepay account')}
    if operation == 'UpdateClientLinks':
        seed['client_links'] = [dict(link, Status='LinkPending', StartDate='-P1D')]
        return seed, {'ClientLinks': [dict(link, Status='LinkCanceled')]}
    if operation == 'UpdateCustomer':
        return seed, {'Customer': renamed(customer_now, 'Renamed customer')}
    if operation == 'UpdateUser':
        def user_now(url):
            user = fetch(url, seed, 'GetUser', {'UserId': other}, 'User')
            user['JobTitle'] = 'Renamed'
            return user
        return seed, {'User': user_now}
    if operation == 'UpdateUserRoles':
        return seed, {'CustomerId': customer, 'UserId': other, 'NewRoleId': 100}
    if operation in ('GetCurrentUser', 'GetUserMFAStatus', 'GetPilotFeaturesCountries'):
        return seed, {}
    if operation == 'ValidateAddress':
        return seed, {'Address': {'Line1': '1 Microsoft Way', 'City': 'Redmond', 'StateOrProvince': 'WA',
                                  'CountryCode': 'US', 'PostalCode': '98052'}}
    raise KeyError(f'no request for {operation}')


def follow_ups(operation, value, c):
    """Reads of what `operation` made or changed, checked in the same emulator after it: the
    answers about entities the emulator built itself. `value(name)` is a member of its answer."""
    customer, account = str(c.customer), str(c.account)
    if operation in ('AddAccount', 'AddPrepayAccount'):
        return [('GetAccount', {'AccountId': value('AccountId')}), ('GetAccountsInfo', {'CustomerId': customer}),
                ('FindAccountsOrCustomersInfo', {'Filter': 'Interop', 'TopN': 10})]
    if operation == 'SignupCustomer':
        new_customer = value('CustomerId')
        return [('GetCustomer', {'CustomerId': new_customer}), ('GetAccount', {'AccountId': value('AccountId')}),
                ('SearchUserInvitations', {'Predicates': [{'Field': 'CustomerId', 'Operator': 'Equals',
                                                           'Value': new_customer}]})]
    if operation == 'AddClientLinks':
        return [('SearchClientLinks', {'Predicates': [{'Field': 'ClientAccountId', 'Operator': 'Equals', 'Value': account}],
                                       'PageInfo': {'Index': 0, 'Size': 10}})]
    if operation == 'SendUserInvitation':
        return [('SearchUserInvitations', {'Predicates': [{'Field': 'CustomerId', 'Operator': 'In', 'Value': customer}]})]
    if operation in ('UpdateAccount', 'UpdatePrepayAccount'):
        return [('GetAccount', {'AccountId': account})]
    if operation in ('UpdateCustomer', 'UpgradeCustomerToAgency'):
        return [('GetCustomer', {'CustomerId': customer})]
    if operation in ('UpdateUser', 'UpdateUserRoles'):
        return [('GetUser', {'UserId': str(c.other)})]
    return []


def filled(request, url):
    """The request with its callable values replaced by what they fetch from the emulator."""
    if callable(request):
        return request(url)
    if isinstance(request, dict):
        return {k: filled(v, url) for k, v in request.items()}
    if isinstance(request, list):
        return [filled(v, url) for v in request]
    return request


# ---------------------------------------------------------------- REST: the SDK's models

def rest_member_problems(contract, model, value, path):
    """Members of the SDK model `model` (parsed from `value`) missing from the JSON, or null
    where the WSDL's member is not nillable; recursively."""
    from pydantic import BaseModel
    problems = []
    if isinstance(model, list):
        for i, (m, v) in enumerate(zip(model, value if isinstance(value, list) else [])):
            problems += rest_member_problems(contract, m, v, f'{path}[{i}]')
        return problems
    if not isinstance(model, BaseModel) or not isinstance(value, dict):
        return problems
    type_key = contract.by_local_name(type(model).__name__)
    wsdl = {m.name: m for m in (contract.members(type_key) or [])} if type_key else {}
    for name, field in type(model).model_fields.items():
        key = field.alias or name
        member = wsdl.get(key)
        if key not in value:
            if not (member and member.may_be_absent):
                problems.append(f'{path}.{key} missing')
            continue
        if value[key] is None and member and not member.nillable:
            problems.append(f'{path}.{key} is null, not nillable in the WSDL')
        problems += rest_member_problems(contract, getattr(model, name), value[key], f'{path}.{key}')
    return problems


def rest_checks(tally, binary, contract):
    sys.path.insert(0, str(ROOT / 'interop'))
    from check_rest import sdk_operations
    from openapi_client.api_client import ApiClient
    from openapi_client.configuration import Configuration
    client = ApiClient(Configuration(host=''))
    operations = sdk_operations()['CustomerManagement']

    def answer_problems(operation, status, text, response):
        if status != 200:
            return [f'HTTP {status}: {text[:300]}']
        value = json.loads(text)
        if response is None:
            # The SDK returns this answer as a bare object: its members come from the WSDL.
            wsdl = contract.members(contract.elements[(NS13, f'{operation}Response')])
            return [f'{operation}Response.{m.name} missing' for m in wsdl if m.name not in value]
        parsed = client.deserialize(text, response.__name__, 'application/json')
        return rest_member_problems(contract, parsed, value, response.__name__)

    for seed_name, seed_file in SEEDS.items():
        base = json.load(open(seed_file))
        case = Case(base)
        for operation in sorted(operations):
            seed, request = prepare(operation, base, case)
            response = operations[operation].response

            def run():
                with emulator(binary, seed) as url:
                    status, text = rest_call(url, seed, operation, filled(request, url))
                    problems = answer_problems(operation, status, text, response)
                    answer = json.loads(text) if status == 200 else {}
                    for then, body in follow_ups(operation, answer.get, case) if not problems else []:
                        status, text = rest_call(url, seed, then, body)
                        problems += [f'then {then}: {p}' for p in
                                     answer_problems(then, status, text, operations[then].response)]
                    return problems
            tally.check(f'REST v13 {operation} on the {seed_name} seed: the SDK reads every member', run)

        def fault(operation, body, developer_token, kind, want_code):
            def run():
                with emulator(binary, base) as url:
                    status, text = rest_call(url, base, operation, body, developer_token)
                value = json.loads(text)
                if status < 400 or value.get('Type') != kind:
                    return [f'HTTP {status} {text[:200]}, want a {kind}']
                parsed = client.deserialize(text, kind, 'application/json')
                errors = value.get('OperationErrors') or value.get('Errors') or []
                codes = [e.get('Code') for e in errors]
                return rest_member_problems(contract, parsed, value, kind) + (
                    [] if codes == [want_code] else [f'codes {codes}, want [{want_code}]'])
            return run
        tally.check(f'REST fault ApiFault (GetAccount 999999) on the {seed_name} seed',
                    fault('GetAccount', {'AccountId': '999999'}, None, 'ApiFault', 2108))
        if base.get('developer_tokens'):  # a seed without a list takes any developer token
            tally.check(f'REST fault AdApiFaultDetail (a refused developer token) on the {seed_name} seed',
                        fault('GetUser', {}, 'not-a-developer-token', 'AdApiFaultDetail', 105))


# ---------------------------------------------------------------- SOAP: lxml and the WSDL

def soap_member_problems(contract, element, type_key, path):
    """Members of `type_key` missing from `element` or nil where not nillable; recursively."""
    override = element.get(f'{{{XSI}}}type')
    if override:
        prefix, _, local = override.rpartition(':')
        type_key = (element.nsmap.get(prefix or None), local)
    members = contract.members(type_key)
    if members is None:
        return []
    problems = []
    children = [c for c in element if isinstance(c.tag, str)]
    for member in members:
        found = [c for c in children if c.tag == f'{{{member.namespace}}}{member.name}']
        if not found and not member.repeated and not member.may_be_absent:
            problems.append(f'{path}/{member.name} missing')
        for child in found:
            if child.get(f'{{{XSI}}}nil') == 'true':
                if not member.nillable:
                    problems.append(f'{path}/{member.name} is nil, not nillable')
                continue
            problems += soap_member_problems(contract, child, member.type, f'{path}/{member.name}')
    return problems


def to_zeep(value, xsd_type):
    """REST JSON as zeep takes it for `xsd_type`: arrays in their ArrayOf wrapper, base64 as
    bytes, members the version does not have left out (v12's types are smaller)."""
    from zeep.xsd.types.builtins import Base64Binary
    if value is None:
        return None
    if isinstance(xsd_type, Base64Binary):
        return base64.b64decode(value)
    elements = getattr(xsd_type, 'elements', None)
    if not elements:
        return value
    if isinstance(value, list):
        (name, item), = elements
        return {name: [to_zeep(v, item.type) for v in value]}
    by_name = dict(elements)
    return {k: to_zeep(v, by_name[k].type) for k, v in value.items() if k in by_name and v is not None}


def soap_checks(tally, binary, contracts):
    import requests
    import zeep
    from lxml import etree
    from check_soap import differ, wsdl_schema

    def invalid(schema, part):
        return [] if schema.validate(etree.fromstring(etree.tostring(part))) else [schema.error_log.last_error.message]

    with tempfile.TemporaryDirectory() as folder:
        for version, contract in contracts.items():
            wsdl = ROOT / f'wsdl/{version}/CustomerManagementService.wsdl'
            namespace = f'https://bingads.microsoft.com/Customer/{version}'
            schema = wsdl_schema(folder, wsdl)
            client = zeep.Client(str(wsdl))
            path = f'/Api/CustomerManagement/{version}/CustomerManagementService.svc'
            service = client.create_service(f'{{{namespace}}}BasicHttpBinding_ICustomerManagementService', 'http://x' + path)
            binding = service._binding
            operations = sorted(binding._operations)

            def post(url, seed, operation, body, developer=None):
                dev, access = tokens(seed)
                message = client.create_message(service, operation, _soapheaders={
                    'DeveloperToken': developer or dev, 'AuthenticationToken': access}, **body)
                answer = requests.post(url + path, data=etree.tostring(message), timeout=30, headers={
                    'Content-Type': 'text/xml; charset=utf-8', 'SOAPAction': operation})
                return answer.status_code, etree.fromstring(answer.content)

            def answer_of(operation, status, envelope):
                """The answer's body element, and what is wrong with it."""
                answer = envelope.find(f'{{{ENV}}}Body/*')
                if status != 200 or answer is None or answer.tag == f'{{{ENV}}}Fault':
                    return answer, [f'HTTP {status}: {etree.tostring(envelope).decode()[:400]}']
                name = etree.QName(answer)
                want = (namespace, f'{operation}Response')
                if (name.namespace, name.localname) != want:
                    return answer, [f'body element {name}, want {want}']
                return answer, invalid(schema, answer) + soap_member_problems(
                    contract, answer, contract.elements[want], name.localname)

            for seed_name, seed_file in SEEDS.items():
                base = json.load(open(seed_file))
                case = Case(base)
                for operation in operations:
                    seed, request = prepare(operation, base, case)
                    input_type = binding._operations[operation].input.body.type

                    def run():
                        with emulator(binary, seed) as url:
                            body = to_zeep(filled(request, url), input_type)
                            answer, problems = answer_of(operation, *post(url, seed, operation, body))
                            then = follow_ups(operation, lambda name: answer.findtext(f'.//{{*}}{name}'), case)
                            for read, body in then if not problems else []:
                                read_body = to_zeep(body, binding._operations[read].input.body.type)
                                problems += [f'then {read}: {p}' for p in
                                             answer_of(read, *post(url, seed, read, read_body))[1]]
                        return problems
                    tally.check(f'SOAP {version} {operation} on the {seed_name} seed: schema-valid, every member', run)

                def fault(operation, body, developer, detail_name, want_code):
                    def run():
                        with emulator(binary, base) as url:
                            status, envelope = post(url, base, operation, body, developer)
                        fault = envelope.find(f'{{{ENV}}}Body/{{{ENV}}}Fault')
                        if status != 500 or fault is None:
                            return [f'HTTP {status}, want 500 with a fault: {etree.tostring(envelope).decode()[:300]}']
                        # WCF: faultcode, faultstring (xml:lang), detail, unqualified, in that order.
                        order = [c.tag for c in fault]
                        details = [d for d in fault.findall('detail/*')]
                        problems = [] if order == ['faultcode', 'faultstring', 'detail'] else [f'fault children {order}']
                        if len(details) != 1 or etree.QName(details[0]).localname != detail_name:
                            return problems + [f'detail {[d.tag for d in details]}, want one {detail_name}']
                        detail = details[0]
                        name = etree.QName(detail)
                        codes = [int(c.text) for c in detail.iter() if etree.QName(c).localname == 'Code']
                        return problems + invalid(schema, detail) + soap_member_problems(
                            contract, detail, contract.elements[(name.namespace, name.localname)], name.localname) + (
                            [] if codes == [want_code] else [f'codes {codes}, want [{want_code}]'])
                    return run
                tally.check(f'SOAP {version} fault ApiFault (GetAccount 999999) on the {seed_name} seed',
                            fault('GetAccount', {'AccountId': 999999}, None, 'ApiFault', 2108))
                if base.get('developer_tokens'):
                    tally.check(f'SOAP {version} fault AdApiFaultDetail (a refused developer token) on the {seed_name} seed',
                                fault('GetUser', {}, 'not-a-developer-token', 'AdApiFaultDetail', 105))

                def deserialization_failed():
                    # An empty enum element, as suds sends an enum member left as its factory
                    # made it: WCF's dispatcher fault, without detail, before the operation runs
                    # (the live service's answer in BingAds-Python-SDK issues #64 and #258).
                    seed, request = prepare('SignupCustomer', base, case)
                    request['Account']['AccountLifeCycleStatus'] = ''
                    with emulator(binary, seed) as url:
                        body = to_zeep(request, binding._operations['SignupCustomer'].input.body.type)
                        status, envelope = post(url, seed, 'SignupCustomer', body)
                    fault = envelope.find(f'{{{ENV}}}Body/{{{ENV}}}Fault')
                    if status != 500 or fault is None:
                        return [f'HTTP {status}, want 500 with a fault: {etree.tostring(envelope).decode()[:300]}']
                    code = fault.find('faultcode')
                    prefix, _, local = (code.text or '').partition(':')
                    problems = differ(
                        ('faultcode', (code.nsmap.get(prefix), local), (DISPATCHER, 'DeserializationFailed')),
                        ('detail', fault.find('detail') is not None, False),
                        ("faultstring names the empty enum value",
                         "Invalid enum value ''" in (fault.findtext('faultstring') or ''), True))
                    return problems
                tally.check(f'SOAP {version} fault DeserializationFailed (an empty enum element) on the {seed_name} seed',
                            deserialization_failed)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--bingads', required=True, help='the bingads CLI binary (for its emulator)')
    parser.add_argument('--transport', required=True, choices=['soap', 'rest'])
    args = parser.parse_args()
    tally = Tally()
    if args.transport == 'rest':
        rest_checks(tally, args.bingads, Contract(str(ROOT / 'wsdl/v13/CustomerManagementService.wsdl')))
    else:
        soap_checks(tally, args.bingads, {v: Contract(str(ROOT / f'wsdl/{v}/CustomerManagementService.wsdl'))
                                          for v in ('v13', 'v12')})
    print(f'answers ({args.transport}): {tally.passed} passed, {tally.failed} failed')
    return 1 if tally.failed or not tally.passed else 0


if __name__ == '__main__':
    sys.exit(main())
