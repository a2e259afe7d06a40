"""Checks our SOAP wire form with two SOAP stacks that are not ours, each calling an emulator of
its own at the Customer Management v13 endpoint: zeep 4.3.3 loading the vendored WSDL (every answer
it gets is also validated against the WSDL's schemas), and Microsoft's official Python SOAP SDK
(bingads 13.0.30.1, on suds). Prints one `ok`/`FAIL` line per check (a failure shows the last
request and response) and a final `soap: N passed, M failed` line.
"""

import argparse
import pathlib
import re
import sys
import tempfile

import zeep
from lxml import etree

from emulator import running

WSDL = pathlib.Path(__file__).resolve().parent.parent / 'wsdl/v13/CustomerManagementService.wsdl'
PATH = '/Api/CustomerManagement/v13/CustomerManagementService.svc'
NS = 'https://bingads.microsoft.com/Customer/v13'
XS = 'http://www.w3.org/2001/XMLSchema'
ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
# Customer Management declares these two (and ApplicationToken, UserName, Password), not the
# CustomerId / CustomerAccountId headers of the other services; the emulator takes any non-empty token.
HEADERS = {'DeveloperToken': 'dev', 'AuthenticationToken': 'token'}
GUID = re.compile(r'[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}')
WIRE_CHARS = 700


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, test, wire=lambda: []):
        """test() returns what is wrong, as a list; an exception is the failure. wire() gives the
        last exchange, printed under a failure."""
        try:
            problems = test()
        except Exception as error:
            problems = [f'{type(error).__name__}: {error}']
        if not problems:
            self.passed += 1
            print(f'ok  {name}')
            return
        self.failed += 1
        print(f'FAIL {name}: {"; ".join(problems)}')
        for line in wire():
            print(f'     {line}')


def differ(*checks):
    """(what, got, want) triples: a line for each that differs."""
    return [f'{what} {got!r}, want {want!r}' for what, got, want in checks if got != want]


def items(array, name):
    """The list inside a SOAP array wrapper, which zeep and suds give as None (or '') when empty."""
    value = array[name] if array and name in array else []
    return value if isinstance(value, list) else [value]


class Wire(zeep.Plugin):
    """Every envelope zeep sends and receives, for the failure lines and the schema check."""

    def __init__(self):
        self.sent, self.received = [], []

    def egress(self, envelope, http_headers, operation, binding_options):
        self.sent.append(envelope)
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        self.received.append((operation.name, envelope))
        return envelope, http_headers

    def last(self):
        """The bodies of the last request and of its response (if one came)."""
        last = (('request', self.sent[-1:]), ('response', [e for _, e in self.received[-1:]] * (len(self.received) == len(self.sent))))
        return [f'{side} {etree.tostring(body_of(e)).decode()[:WIRE_CHARS]}' for side, envs in last for e in envs]


def body_of(envelope):
    body = envelope.find(f'{{{ENV}}}Body')
    return envelope if body is None else body


def wsdl_schema(folder, wsdl=WSDL):
    """The WSDL's inline schemas as one XMLSchema: their imports name no location, so each
    schema is written to a file and every import is pointed at its file."""
    schemas = etree.parse(str(wsdl)).findall(f'.//{{{XS}}}schema')
    files = {s.get('targetNamespace'): pathlib.Path(folder, f'{pathlib.Path(wsdl).parent.name}-{i}.xsd') for i, s in enumerate(schemas)}
    for schema in schemas:
        copy = etree.fromstring(etree.tostring(schema))  # keeps the WSDL's namespace declarations
        for imported in copy.iter(f'{{{XS}}}import'):
            imported.set('schemaLocation', files[imported.get('namespace')].as_uri())
        etree.ElementTree(copy).write(str(files[schema.get('targetNamespace')]))
    imports = ''.join(f'<xs:import namespace="{ns}" schemaLocation="{file.as_uri()}"/>' for ns, file in files.items())
    return etree.XMLSchema(etree.fromstring(f'<xs:schema xmlns:xs="{XS}" targetNamespace="urn:interop">{imports}</xs:schema>'))


def invalid_parts(schema, operation, envelope):
    """The header blocks and the body's element (a fault's detail elements) the schema rejects."""
    parts = envelope.xpath('s:Header/* | s:Body/*[not(self::s:Fault)] | s:Body/s:Fault/detail/*', namespaces={'s': ENV})
    return [f'{operation} {etree.QName(part).localname}: {schema.error_log.last_error.message}'
            for part in parts if not schema.validate(etree.fromstring(etree.tostring(part)))]


def zeep_checks(tally, url):
    wire, made = Wire(), {}

    def load():
        made['client'] = client = zeep.Client(str(WSDL), plugins=[wire])
        made['service'] = client.create_service(f'{{{NS}}}BasicHttpBinding_ICustomerManagementService', url + PATH)
        return []
    tally.run('zeep loads the vendored WSDL, bound to the emulator', load)
    if 'service' not in made:
        return
    client, service = made['client'], made['service']

    def call(operation, **request):
        return getattr(service, operation)(_soapheaders=HEADERS, **request)

    def get_user():
        answer = call('GetUser', UserId=None)  # zeep leaves the element out
        user, roles = answer.body.User, items(answer.body.CustomerRoles, 'CustomerRole')
        return differ(('User.Id', user.Id, 3001), ('User.UserName', user.UserName, 'alex@contoso.com'),
                      ('User.Id for UserId xsi:nil', call('GetUser', UserId=zeep.xsd.Nil).body.User.Id, 3001),
                      ('CustomerRoles (role, customer, accounts)',
                       [(r.RoleId, r.CustomerId, items(r.AccountIds, 'long')) for r in roles], [(41, 1001, [2001, 2002])]),
                      ('TrackingId header is a GUID', bool(GUID.fullmatch(answer.header.TrackingId or '')), True))

    def get_account():
        account = call('GetAccount', AccountId=2001).body.Account
        return differ(*((field, account[field], want) for field, want in (
            ('Id', 2001), ('Name', 'Contoso Main'), ('Number', 'F1002001'), ('ParentCustomerId', 1001),
            ('CurrencyCode', 'USD'), ('AccountLifeCycleStatus', 'Active'), ('TimeZone', 'PacificTimeUSCanadaTijuana'))),
            ('TimeStamp is 8 bytes', len(account.TimeStamp or b''), 8))

    def search_accounts():
        predicates = {'Predicate': [{'Field': 'UserId', 'Operator': 'Equals', 'Value': '3001'}]}

        def ids(index, size):
            found = call('SearchAccounts', Predicates=predicates, PageInfo={'Index': index, 'Size': size}).body.Accounts
            return [a.Id for a in items(found, 'AdvertiserAccount')]
        return differ(('page 0 of size 10', ids(0, 10), [2001, 2002]), ('page 1 of size 1', ids(1, 1), [2002]))

    def get_accounts_info():
        infos = items(call('GetAccountsInfo', CustomerId=1001).body.AccountsInfo, 'AccountInfo')
        return differ(('AccountsInfo (id, name, number, status, pause reason)',
                       [(a.Id, a.Name, a.Number, a.AccountLifeCycleStatus, a.PauseReason) for a in infos],
                       [(2001, 'Contoso Main', 'F1002001', 'Active', None), (2002, 'Contoso Outlet', 'F1002002', 'Pause', 1)]))

    def get_customers_info():
        infos = items(call('GetCustomersInfo', CustomerNameFilter='Con', TopN=10).body.CustomersInfo, 'CustomerInfo')
        return differ(('CustomersInfo', [(c.Id, c.Name) for c in infos], [(1001, 'Contoso Ltd')]))

    def add_account():
        new = {'Name': 'Interop Fabrikam', 'CurrencyCode': 'USD', 'ParentCustomerId': 1001, 'Language': 'English',
               'TimeZone': 'EasternTimeUSCanada', 'PaymentMethodType': 'Invoice'}
        added = call('AddAccount', Account=new).body
        if not added.AccountId:
            return [f'AccountId {added.AccountId!r}']
        account = call('GetAccount', AccountId=added.AccountId).body.Account
        return differ(('CreateTime is set', added.CreateTime is not None, True), ('Id', account.Id, added.AccountId),
                      ('Number', account.Number, added.AccountNumber), *((f, account[f], want) for f, want in new.items()))

    link = {'Type': 'AccountLink', 'ClientEntityId': 2002, 'ManagingCustomerId': 1001}

    def partial_codes(answer):
        return [[e.Code for e in items(entry, 'OperationError')] for entry in items(answer.PartialErrors, 'ArrayOfOperationError')]

    def add_client_links():
        first = partial_codes(call('AddClientLinks', ClientLinks={'ClientLink': [link]}).body)
        second = partial_codes(call('AddClientLinks', ClientLinks={'ClientLink': [link, dict(link, ClientEntityId=2001)]}).body)
        again = first[0] if first and first[0] else [1410]  # refused again, or now open (1410)
        return differ(('PartialErrors entries for 1 link', len(first), 1), ('for 2 links', len(second), 2),
                      ('codes of the repeated link', second[0] if second else None, again))

    def client_links(account):
        predicates = {'Predicate': [{'Field': 'ClientAccountId', 'Operator': 'Equals', 'Value': str(account)}]}
        found = call('SearchClientLinks', Predicates=predicates, PageInfo={'Index': 0, 'Size': 10}).body.ClientLinks
        return [(c.ClientEntityId, c.ClientEntityName, c.ManagingCustomerId, c.ManagingCustomerName, c.Status)
                for c in items(found, 'ClientLink')]

    def update_client_links():
        before = client_links(2002)
        answer = call('UpdateClientLinks', ClientLinks={'ClientLink': [dict(link, Status='LinkCanceled')]}).body
        return differ(('SearchClientLinks before', before, [(2002, 'Contoso Outlet', 1001, 'Contoso Ltd', 'LinkPending')]),
                      ('PartialErrors', partial_codes(answer), [[]]),
                      ('Status after', [c[-1] for c in client_links(2002)], ['LinkCanceled']))

    def validate_address():
        address = {'Line1': '1 Microsoft Way', 'City': 'Redmond', 'StateOrProvince': 'WA', 'PostalCode': '980526399',
                   'CountryCode': 'US'}
        answer = call('ValidateAddress', Address=address).body
        return differ(('Status', answer.Status, 'AddressValidWithSuggestions'),
                      ('OriginalAddress.PostalCode', answer.OriginalAddress.PostalCode, '980526399'),
                      ('SuggestedAddresses (line 1, postal code)',
                       [(a.Line1, a.PostalCode) for a in items(answer.SuggestedAddresses, 'Address')],
                       [('1 Microsoft Way', '98052-6399')]))

    def fault():
        try:
            call('GetAccount', AccountId=999999)
        except zeep.exceptions.Fault as error:
            found = [e for e in (error.detail if error.detail is not None else []) if e.tag == f'{{{NS}}}ApiFault']
            if not found:
                return [f'no {{{NS}}}ApiFault in the detail']
            api = client.get_element(found[0].tag).parse(found[0], client.wsdl.types)
            return differ(('faultcode', error.code, 's:Server'),
                          ('OperationError codes', [e.Code for e in items(api.OperationErrors, 'OperationError')], [2108]),
                          ('TrackingId is in faultstring', bool(api.TrackingId) and api.TrackingId in error.message, True))
        return ['GetAccount 999999 answered without a fault']

    for name, test in (('GetUser UserId absent or nil (the signed-in user)', get_user), ('GetAccount 2001', get_account),
                       ('SearchAccounts UserId Equals 3001, paged', search_accounts),
                       ('GetAccountsInfo CustomerId 1001', get_accounts_info),
                       ('GetCustomersInfo CustomerNameFilter "Con"', get_customers_info),
                       ('AddAccount, then GetAccount shows it', add_account),
                       ('AddClientLinks: one PartialErrors entry per link', add_client_links),
                       ('SearchClientLinks, UpdateClientLinks 2002 to LinkCanceled', update_client_links),
                       ('ValidateAddress 9-digit ZIP without dash', validate_address),
                       ('GetAccount 999999 faults with ApiFault 2108', fault)):
        tally.run(f'zeep {name}', test, wire.last)

    def schema_valid():
        with tempfile.TemporaryDirectory() as folder:
            schema = wsdl_schema(folder)
            return [p for operation, envelope in wire.received for p in invalid_parts(schema, operation, envelope)]
    tally.run(f'zeep: all {len(wire.received)} answers valid against the WSDL schemas', schema_valid)


def sdk_checks(tally, url):
    made = {}

    def load():
        from bingads.authorization import AuthorizationData, OAuthDesktopMobileAuthCodeGrant, OAuthTokens
        from bingads.service_client import ServiceClient
        from suds import WebFault
        # An OAuth grant holding a fixed access token (no expiry, so the SDK never tries to refresh
        # it); `location` is a suds option the SDK passes through, replacing the WSDL's address.
        auth = OAuthDesktopMobileAuthCodeGrant(client_id='interop', oauth_tokens=OAuthTokens(access_token='token'))
        made['fault'], made['service'] = WebFault, ServiceClient('CustomerManagementService', 13, AuthorizationData(
            developer_token='dev', customer_id=1001, account_id=2001, authentication=auth), location=url + PATH)
        return []
    tally.run('bingads SDK makes a v13 CustomerManagementService client at the emulator', load)
    if 'service' not in made:
        return
    service, web_fault = made['service'], made['fault']

    def wire():
        last = (('request', service.soap_client.last_sent()), ('response', service.soap_client.last_received()))
        return [f'{side} {(doc.root().getChild("Body") or doc.root()).plain()[:WIRE_CHARS]}' for side, doc in last if doc]

    def get_user():
        answer = service.GetUser(UserId=None)
        tracking = service.get_response_header().get('TrackingId')
        return differ(('User.Id', answer.User.Id, 3001), ('User.UserName', answer.User.UserName, 'alex@contoso.com'),
                      ('CustomerRoles', [(r.RoleId, r.CustomerId) for r in items(answer.CustomerRoles, 'CustomerRole')],
                       [(41, 1001)]),
                      ('TrackingId header is a GUID', bool(GUID.fullmatch(str(tracking or ''))), True))

    def get_accounts_info():
        # suds unwraps a response of one element: this is the ArrayOfAccountInfo.
        infos = items(service.GetAccountsInfo(CustomerId=1001), 'AccountInfo')
        return differ(('AccountsInfo (id, name, status)', [(a.Id, a.Name, a.AccountLifeCycleStatus) for a in infos],
                       [(2001, 'Contoso Main', 'Active'), (2002, 'Contoso Outlet', 'Pause')]))

    def fault():
        try:
            service.GetAccount(AccountId=999999)
        except web_fault as error:
            api = getattr(getattr(error.fault, 'detail', None), 'ApiFault', None)
            if api is None:
                return [f'no ApiFault in the detail: {error.fault}']
            # suds leaves the numbers of a fault detail as text.
            codes = [int(e.Code) for e in items(api.OperationErrors, 'OperationError')]
            return differ(('OperationError codes', codes, [2108]))
        return ['GetAccount 999999 answered without a fault']

    for name, test in (('GetUser UserId=None (the signed-in user)', get_user),
                       ('GetAccountsInfo CustomerId 1001', get_accounts_info),
                       ('GetAccount 999999 raises WebFault with ApiFault 2108', fault)):
        tally.run(f'bingads SDK {name}', test, wire)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--bingads', required=True, help='the bingads CLI binary (for its emulator)')
    parser.add_argument('--without-sdk', action='store_true',
                        help='leave out the bingads SDK checks (run.sh says why when it could not install it)')
    args = parser.parse_args()

    tally = Tally()
    # Each stack gets an emulator of its own, as zeep's checks change the data.
    for whom, checks in (('zeep', zeep_checks), ('the bingads SDK', sdk_checks))[:1 if args.without_sdk else 2]:
        try:
            with running(args.bingads) as url:
                tally.run(f'emulator starts for {whom}', lambda: [])
                checks(tally, url)
        except (OSError, RuntimeError) as error:
            tally.run(f'emulator starts for {whom}', lambda: [f'{args.bingads}: {error}'])
    print(f'soap: {tally.passed} passed, {tally.failed} failed')
    return 1 if tally.failed else 0


if __name__ == '__main__':
    sys.exit(main())
