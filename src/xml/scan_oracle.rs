//! The tokenizer checked against an independent one: quick-xml (with end-name checks) reads the
//! same documents, every vendored WSDL, docs template and fixture, and 70,000 broken variants
//! of the fixtures, and must see the same markup and agree on what is well-formed.
//!
//! Two XML rules quick-xml does not apply are added to its side, so that where we refuse more
//! it is only by the standard: a name holds none of `< > / " ' =`, and a processing
//! instruction starts with its target.

use std::path::Path;

use quick_xml::events::Event;

use super::scan::{decode_cdata, decode_text, needs_decoding, Scanner, Token};

#[derive(Debug, PartialEq)]
enum Tok {
    Start(String, String, bool),
    End,
    Text(String),
    CData(String),
    Other,
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Our tokens, with text decoded as the reader decodes it; `Err` at the first error (or at the
/// end with elements still open).
fn ours(input: &[u8]) -> (Vec<Tok>, bool) {
    let mut scanner = Scanner::new(input);
    let mut out = Vec::new();
    let mut depth = 0usize;
    loop {
        let token = match scanner.next() {
            Ok(t) => t,
            Err(_) => return (out, false),
        };
        out.push(match token {
            Token::Start {
                name,
                local_start,
                attrs,
                empty,
            } => {
                let colon = name.iter().position(|&b| b == b':').map_or(0, |i| i + 1);
                assert_eq!(local_start, colon, "{}", lossy(name));
                depth += usize::from(!empty);
                Tok::Start(lossy(name), lossy(attrs), empty)
            }
            Token::End => {
                depth -= 1;
                Tok::End
            }
            Token::Text { raw, plain } => {
                let text = std::str::from_utf8(raw).unwrap();
                assert_eq!(plain, !needs_decoding(text), "{text:?}");
                match decode_text(text, 0) {
                    Ok(_) => Tok::Text(lossy(raw)),
                    Err(_) => return (out, false),
                }
            }
            Token::CData(t) => match decode_cdata(std::str::from_utf8(t).unwrap(), 0) {
                Ok(_) => Tok::CData(lossy(t)),
                Err(_) => return (out, false),
            },
            Token::Other => Tok::Other,
            Token::Eof => return (out, depth == 0),
        });
    }
}

/// quick-xml's events in the same shape: its text and reference events joined back into the
/// raw text they came from, so both sides are compared as written. (It ends without an error
/// with elements still open, so their count decides.)
fn theirs(input: &[u8]) -> (Vec<Tok>, bool) {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut out: Vec<Tok> = Vec::new();
    let mut depth = 0usize;
    let push_text = |out: &mut Vec<Tok>, raw: String| match out.last_mut() {
        Some(Tok::Text(prev)) => prev.push_str(&raw),
        _ => out.push(Tok::Text(raw)),
    };
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(_) => return (out, false),
        };
        match event {
            // quick-xml does not check names; XML allows none of these in one.
            Event::Start(s) | Event::Empty(s)
                if s.name().as_ref().is_empty()
                    || s.name().as_ref().iter().any(|b| b"<>/\"'=".contains(b)) =>
            {
                return (out, false)
            }
            Event::Start(s) => {
                depth += 1;
                out.push(Tok::Start(
                    lossy(s.name().as_ref()),
                    lossy(s.attributes_raw()),
                    false,
                ))
            }
            Event::Empty(s) => out.push(Tok::Start(
                lossy(s.name().as_ref()),
                lossy(s.attributes_raw()),
                true,
            )),
            Event::End(_) => {
                depth -= 1;
                out.push(Tok::End)
            }
            Event::Text(t) => {
                let raw = lossy(&t);
                // Forbidden characters and line ends are ours to judge (quick-xml leaves them).
                if decode_text(&raw, 0).is_err() {
                    return (out, false);
                }
                push_text(&mut out, raw)
            }
            Event::GeneralRef(r) => {
                let raw = format!("&{};", lossy(&r));
                if decode_text(&raw, 0).is_err() {
                    return (out, false);
                }
                push_text(&mut out, raw)
            }
            Event::CData(t) => {
                if decode_cdata(&lossy(&t), 0).is_err() {
                    return (out, false);
                }
                out.push(Tok::CData(lossy(&t)))
            }
            // Nor does it check that a processing instruction names its target.
            Event::PI(p)
                if matches!(p.first(), None | Some(b'?' | b' ' | b'\t' | b'\r' | b'\n')) =>
            {
                return (out, false)
            }
            Event::Comment(_) | Event::PI(_) | Event::Decl(_) => out.push(Tok::Other),
            Event::DocType(_) => return (out, false),
            Event::Eof => return (out, depth == 0),
        }
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("wsdl"), root.join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("xml" | "wsdl")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let bytes = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .map(<[u8]>::to_vec)
                .unwrap_or(bytes);
            (p.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn the_same_markup_as_quick_xml_in_every_vendored_document() {
    let corpus = corpus();
    assert!(corpus.len() > 100, "{} documents", corpus.len());
    for (name, bytes) in &corpus {
        // A template that is not well-formed (a placeholder) must be refused by both.
        let (a, ok_a) = ours(bytes);
        let (b, ok_b) = theirs(bytes);
        assert_eq!(ok_a, ok_b, "{name}: well-formed?");
        if ok_a {
            assert_eq!(a, b, "{name}");
        }
    }
}

/// Every cut of each fixture, and each byte replaced by each markup character: the same
/// verdict, and the same tokens where both accept.
#[test]
fn the_same_verdict_as_quick_xml_on_broken_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases = 0;
    let mut disagreements = Vec::new();
    for file in [
        "responses/v13_GetUser.xml",
        "faults/adapi_two_errors.xml",
        "faults/api_fault.xml",
        "faults/unknown_detail.xml",
    ] {
        let full = std::fs::read(root.join(file)).unwrap();
        let mut variants: Vec<(usize, Vec<u8>)> = (0..full.len())
            .map(|cut| (cut, full[..cut].to_vec()))
            .collect();
        for at in 0..full.len() {
            for b in *b"<>/\"'&!?=; \r\x01" {
                let mut v = full.clone();
                v[at] = b;
                variants.push((at, v));
            }
        }
        for (at, v) in variants {
            if std::str::from_utf8(&v).is_err() {
                continue;
            }
            cases += 1;
            let (a, ok_a) = ours(&v);
            let (b, ok_b) = theirs(&v);
            if ok_a != ok_b || (ok_a && a != b) {
                let window = &v[at.saturating_sub(30)..(at + 30).min(v.len())];
                disagreements.push(format!(
                    "{file} at {at}: …{}…\n  ours {ok_a} {:?}\n  theirs {ok_b} {:?}",
                    lossy(window),
                    a.last(),
                    b.last()
                ));
            }
        }
    }
    assert!(cases > 50_000, "{cases} cases");
    assert!(
        disagreements.is_empty(),
        "{} of {cases} disagree:\n{}",
        disagreements.len(),
        disagreements[..disagreements.len().min(10)].join("\n")
    );
}
