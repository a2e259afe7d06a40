"""What a complete answer holds, read from a vendored WSDL with the standard library only (both
interop venvs import it): every member of every complex type, in order, with what the WSDL and
its data contract say about leaving it out.

WCF's DataContractSerializer, which writes the live service's SOAP answers, writes every data
member: a null one as `<X i:nil="true"/>` (only a nillable member can be null), a value type
always. The one exception is a member whose contract says `EmitDefaultValue="false"`: the WSDL
carries it as `<DefaultValue EmitDefaultValue="false" …/>` in the element's annotation, and the
serializer leaves such a member out when it holds its default (null)
(https://learn.microsoft.com/dotnet/framework/wcf/feature-details/data-member-default-values).
An array's item element (`maxOccurs="unbounded"`) may appear any number of times, none included.
"""

import xml.etree.ElementTree as ET
from typing import NamedTuple

XS = 'http://www.w3.org/2001/XMLSchema'
XSI = 'http://www.w3.org/2001/XMLSchema-instance'
SER = 'http://schemas.microsoft.com/2003/10/Serialization/'


class Member(NamedTuple):
    name: str
    namespace: str
    type: tuple  # (namespace, local name) of its type
    nillable: bool
    repeated: bool  # an array's items: zero or more
    may_be_absent: bool  # EmitDefaultValue="false": left out when null


def _qname(text, scope):
    """A `prefix:local` attribute value as (namespace, local), the prefix resolved in `scope`."""
    prefix, _, local = text.rpartition(':')
    return scope.get(prefix, ''), local


class Contract:
    """The complex types and global elements of one WSDL: `members(type)` lists a type's
    members, its base type's first."""

    def __init__(self, wsdl_path):
        self.types, self.bases, self.elements = {}, {}, {}
        root, scopes = _parse_with_scopes(wsdl_path)

        def scope_of(element):
            return scopes[id(element)]
        for schema in root.iter(f'{{{XS}}}schema'):
            target = schema.get('targetNamespace')
            for child in schema:
                if child.tag == f'{{{XS}}}complexType':
                    self._read_type((target, child.get('name')), child, target, scope_of)
                elif child.tag == f'{{{XS}}}element':
                    inline = child.find(f'{{{XS}}}complexType')
                    if inline is not None:
                        key = (target, f'element:{child.get("name")}')
                        self._read_type(key, inline, target, scope_of)
                        self.elements[(target, child.get('name'))] = key
                    elif child.get('type'):
                        self.elements[(target, child.get('name'))] = _qname(child.get('type'), scope_of(child))

    def _read_type(self, key, node, target, scope_of):
        members = []
        extension = node.find(f'{{{XS}}}complexContent/{{{XS}}}extension')
        sequence_parent = node
        if extension is not None:
            self.bases[key] = _qname(extension.get('base'), scope_of(extension))
            sequence_parent = extension
        sequence = sequence_parent.find(f'{{{XS}}}sequence')
        for element in (sequence if sequence is not None else []):
            if element.tag != f'{{{XS}}}element':
                continue
            annotation = element.find(f'{{{XS}}}annotation/{{{XS}}}appinfo/{{{SER}}}DefaultValue')
            members.append(Member(
                name=element.get('name'),
                namespace=target,
                type=_qname(element.get('type', 'xs:anyType'), scope_of(element)),
                nillable=element.get('nillable') == 'true',
                repeated=element.get('maxOccurs', '1') not in ('0', '1'),
                may_be_absent=annotation is not None and annotation.get('EmitDefaultValue') == 'false',
            ))
        self.types[key] = members

    def members(self, key):
        """The members of the complex type `key` (base first), or None for a simple type."""
        if key not in self.types:
            return None
        base = self.bases.get(key)
        inherited = (self.members(base) or []) if base else []
        return inherited + self.types[key]

    def by_local_name(self, name):
        """The complex type of that local name (the REST models are named as the WSDL's types)."""
        found = [key for key in self.types if key[1] == name]
        return found[0] if len(found) == 1 else None


def _parse_with_scopes(path):
    """The file's root element and, by id() of each element, the namespace prefixes in scope
    there (ElementTree drops the declarations, and type="q1:…" needs them)."""
    stack, declared, scopes, root = [{}], {}, {}, None
    for event, item in ET.iterparse(path, events=('start-ns', 'start', 'end')):
        if event == 'start-ns':
            declared[item[0]] = item[1]
        elif event == 'start':
            scope = dict(stack[-1])
            scope.update(declared)
            declared = {}
            stack.append(scope)
            scopes[id(item)] = scope
            root = item if root is None else root
        else:
            stack.pop()
    return root, scopes
