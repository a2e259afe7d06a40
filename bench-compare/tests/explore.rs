use bench_compare::*;
#[test]
fn dump() {
    let b = fixture();
    println!("RAW {}", raw_scan(&b));
    println!("BINGADS {:#?}", parse_bingads(&b).body);
    println!("SERDE {:#?}", parse_quick_xml_serde(&b));
    println!("YA {:#?}", parse_yaserde(&b));
}
