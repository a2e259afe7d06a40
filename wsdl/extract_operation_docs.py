#!/usr/bin/env python3
"""Vendors, unchanged, what the generated methods' rustdoc needs from Microsoft's API
documentation (MicrosoftDocs/Advertising-docs, text under CC BY 4.0):

* `<Operation>.operation.md`: each operation page's title, its description (the text between
  the title and "## Request Elements") and its "Remarks" section when it has one;
* `objects/Paging.md` (the services other than Customer Management, whose object pages are
  vendored already): the Paging data-object page without its YAML front matter, for the
  largest page size;
* `operation-error-codes.md`: the entries of the guide "Operation Error Codes" that name one of
  the service's operations (the operation pages list no errors; these entries are the only
  place the documentation ties an error code to an operation).

Each file's first line names the page and the snapshot commit. The snapshots are the ones in
DOCS-SOURCES.md. Usage, from the repository root:

    git clone https://github.com/MicrosoftDocs/Advertising-docs /tmp/Advertising-docs
    python3 wsdl/extract_operation_docs.py /tmp/Advertising-docs

The output is deterministic: the same snapshot writes the same bytes.
"""

import os
import re
import subprocess
import sys

V13 = "38df9bbd58f0b4c1a19e4195b14f2fa33f145551"
V12 = "a220b55877b8d0bae64c5b614cb2cfa66ba0f017"
REPO = "MicrosoftDocs/Advertising-docs"

# (commit, docs folder, WSDL, output directory)
SERVICES = [
    (V13, "Advertising/bingads-13/customer-management-service", "wsdl/v13/CustomerManagementService.wsdl", "wsdl/v13/docs"),
    (V12, "Advertising/bingads-12/customer-management-service", "wsdl/v12/CustomerManagementService.wsdl", "wsdl/v12/docs"),
    (V13, "Advertising/bingads-13/campaign-management-service", "wsdl/v13/CampaignManagementService.wsdl", "wsdl/v13/docs-campaign-management"),
    (V13, "Advertising/bingads-13/customer-billing-service", "wsdl/v13/CustomerBillingService.wsdl", "wsdl/v13/docs-customer-billing"),
    (V13, "Advertising/bingads-13/ad-insight-service", "wsdl/v13/AdInsightService.wsdl", "wsdl/v13/docs-ad-insight"),
    (V13, "Advertising/bingads-13/bulk-service", "wsdl/v13/BulkService.wsdl", "wsdl/v13/docs-bulk"),
    (V13, "Advertising/bingads-13/reporting-service", "wsdl/v13/ReportingService.wsdl", "wsdl/v13/docs-reporting"),
]


def git(docs_repo, *args):
    return subprocess.run(["git", "-C", docs_repo, *args], check=True, capture_output=True).stdout.decode("utf-8")


def operations(wsdl_path):
    """The portType's operation names, in WSDL order."""
    text = open(wsdl_path, encoding="utf-8").read()
    port_type = text[text.index("<wsdl:portType"):text.index("</wsdl:portType>")]
    return re.findall(r'<wsdl:operation name="(\w+)"', port_type)


def sections(page):
    """The title line, the description under it, and the Remarks section (or "")."""
    lines = page.split("\n")
    title = next(i for i, l in enumerate(lines) if l.startswith("# "))
    end = next(i for i in range(title + 1, len(lines)) if lines[i].startswith("## "))
    description = "\n".join(lines[title:end]).rstrip()
    remarks = ""
    for i, line in enumerate(lines):
        if line.startswith("## ") and line.rstrip().endswith("Remarks"):
            stop = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("## ")), len(lines))
            remarks = "\n".join(lines[i:stop]).rstrip()
    return description, remarks


def error_entries(page):
    """The entries of the Operation Error Codes page, each as written (between `***` lines)."""
    return [e.strip("\n") for e in re.split(r"\n\*\*\*\n", page) if "**Numeric Code**" in e]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    docs_repo = sys.argv[1]
    for commit, folder, wsdl, out in SERVICES:
        short = commit[:12]
        os.makedirs(out, exist_ok=True)
        ops = operations(wsdl)
        # Operation pages by the operation their title names ("# GetUser Service Operation - ...").
        pages = {}
        for path in git(docs_repo, "ls-tree", "--name-only", commit, folder + "/").split("\n"):
            if not path.endswith(".md"):
                continue
            page = git(docs_repo, "show", f"{commit}:{path}")
            m = re.search(r"^# (\w+) Service Operation\b", page, re.M)
            if m and m.group(1) in ops:
                pages[m.group(1)] = (path, page)
        for op in ops:
            if op not in pages:
                continue
            path, page = pages[op]
            description, remarks = sections(page)
            what = "title, description and Remarks sections" if remarks else "title and description"
            body = f"<!-- {op}: {what} of {REPO}:{path} @ {short} (CC BY 4.0) -->\n\n{description}\n"
            if remarks:
                body += f"\n{remarks}\n"
            with open(os.path.join(out, f"{op}.operation.md"), "w", encoding="utf-8", newline="\n") as f:
                f.write(body)
        paging = f"{folder}/paging.md"
        if "customer-management" not in folder and paging in git(docs_repo, "ls-tree", "--name-only", commit, folder + "/"):
            page = git(docs_repo, "show", f"{commit}:{paging}")
            # The page after its front matter, as the Customer Management object pages are.
            body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page
            os.makedirs(os.path.join(out, "objects"), exist_ok=True)
            with open(os.path.join(out, "objects", "Paging.md"), "w", encoding="utf-8", newline="\n") as f:
                f.write(f"<!-- Paging Data Object: {REPO}:{paging} @ {short} (CC BY 4.0); page body after the front matter -->\n{body}")
        guide = folder.rsplit("/", 1)[0] + "/guides/operation-error-codes.md"
        entries = error_entries(git(docs_repo, "show", f"{commit}:{guide}"))
        named = [e for e in entries if any(re.search(rf"\b{op}(Request)?\b", e) for op in ops)]
        body = (
            f"<!-- The entries naming an operation of {os.path.basename(wsdl)} (all others left out), "
            f"each unchanged, of {REPO}:{guide} @ {short} (CC BY 4.0) -->\n"
        )
        for entry in named:
            body += f"\n***\n\n{entry}\n"
        with open(os.path.join(out, "operation-error-codes.md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(body)
        print(f"{out}: {len(pages)} of {len(ops)} operations have a page; {len(named)} error entries name one")


if __name__ == "__main__":
    main()
