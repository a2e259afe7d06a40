//! What the search and list operations share: predicates, paging, ordering, and the
//! `ReturnAdditionalFields` flags.

use serde_json::Value;

use super::{as_long, long, Object, OpError};

/// The largest `PageInfo.Size` SearchAccounts accepts (paging.md:45).
pub(super) const MAX_PAGE_SIZE: i64 = 1000;
/// The most values one `In` predicate takes (predicateoperator.md:39).
const MAX_IN_VALUES: usize = 10;
/// The shortest predicate value on a text field (predicate.md:48: "four or greater, unless
/// the field is set to MarketCountry or MarketLanguage"). Id fields are exempt: the service's
/// ids are never shorter, while seeds may use short ones.
const MIN_TEXT_VALUE: usize = 4;
/// Fields whose values are names or numbers (text), to which the minimum length applies.
const TEXT_FIELDS: &[&str] = &["AccountName", "AccountNumber", "CustomerName", "UserName"];

pub(super) struct Predicate {
    pub field: String,
    pub operator: String,
    pub value: String,
}

impl Predicate {
    /// The ids of an `Equals` or `In` value (comma-separated), or 3030.
    pub(super) fn ids(&self) -> Result<Vec<i64>, Vec<OpError>> {
        self.value
            .split(',')
            .map(|v| v.trim().parse().map_err(|_| invalid_predicate(self)))
            .collect()
    }
}

pub(super) fn invalid_predicate(p: &Predicate) -> Vec<OpError> {
    vec![OpError::new(
        3030,
        format!("{} {} {:?}", p.field, p.operator, p.value),
    )]
}

/// The request's `Predicates`: at least one (474 otherwise) and at most `max` (3030); an `In`
/// of more than ten values and a text value shorter than four characters are refused (3030).
pub(super) fn predicates(request: &Object, max: usize) -> Result<Vec<Predicate>, Vec<OpError>> {
    let list = match request.get("Predicates") {
        Some(Value::Array(list)) if !list.is_empty() => list,
        _ => return Err(vec![OpError::new(474, "")]),
    };
    if list.len() > max {
        return Err(vec![OpError::new(
            3030,
            format!("{} predicates; at most {max}", list.len()),
        )]);
    }
    let out: Vec<Predicate> = list
        .iter()
        .map(|p| {
            let text = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            Predicate {
                field: text("Field"),
                // Operator is not nillable; the WSDL default is the first value.
                operator: p
                    .get("Operator")
                    .and_then(Value::as_str)
                    .unwrap_or("Equals")
                    .to_string(),
                value: text("Value"),
            }
        })
        .collect();
    for p in &out {
        if p.operator == "In" && p.value.split(',').count() > MAX_IN_VALUES {
            return Err(vec![OpError::new(
                3030,
                format!("{} In: at most {MAX_IN_VALUES} values", p.field),
            )]);
        }
        if TEXT_FIELDS.contains(&p.field.as_str())
            && p.value.trim().chars().count() < MIN_TEXT_VALUE
        {
            return Err(vec![OpError::new(
                3030,
                format!(
                    "{} {:?}: a value of at least {MIN_TEXT_VALUE} characters",
                    p.field, p.value
                ),
            )]);
        }
    }
    Ok(out)
}

/// `PageInfo` (required): a zero-based index and a size from 1 through `max_size`.
pub(super) fn paging(request: &Object, max_size: i64) -> Result<(i64, i64), Vec<OpError>> {
    let Some(Value::Object(page)) = request.get("PageInfo") else {
        return Err(vec![OpError::new(3080, "")]);
    };
    let index = long(page, "Index").unwrap_or(0);
    let size = long(page, "Size").unwrap_or(0);
    if index < 0 || !(1..=max_size).contains(&size) {
        return Err(vec![OpError::new(
            3080,
            format!("PageInfo Index {index}, Size {size}: Size must be from 1 through {max_size}"),
        )]);
    }
    Ok((index, size))
}

/// The page `index` of `size` items.
pub(super) fn page<T>(found: Vec<T>, (index, size): (i64, i64)) -> impl Iterator<Item = T> {
    found
        .into_iter()
        .skip(index.saturating_mul(size) as usize)
        .take(size as usize)
}

/// Sorts `found` by the request's first `OrderBy` (the service honours one and ignores the
/// rest); `key_of` names the member an `OrderByField` sorts by.
pub(super) fn order_by(
    request: &Object,
    found: &mut [&Object],
    key_of: impl Fn(&str) -> &'static str,
) {
    let Some(order) = request
        .get("Ordering")
        .and_then(Value::as_array)
        .and_then(|o| o.first())
    else {
        return;
    };
    let key = key_of(order.get("Field").and_then(Value::as_str).unwrap_or("Id"));
    found.sort_by(|a, b| compare(a.get(key), b.get(key)));
    if order.get("Order").and_then(Value::as_str) == Some("Descending") {
        found.reverse();
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    if let (Some(x), Some(y)) = (a.and_then(as_long), b.and_then(as_long)) {
        return x.cmp(&y);
    }
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// `ReturnAdditionalFields` (AccountAdditionalField flags): SOAP writes a list separated by
/// spaces, REST a string separated by commas (`"AccountMode, TaxCertificate"`); both read.
pub(super) fn additional_fields(request: &Object) -> Vec<String> {
    request
        .get("ReturnAdditionalFields")
        .and_then(Value::as_str)
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

/// The account as an answer shows it: `AccountMode` and `TaxCertificate` only when the
/// request asked for them (accountadditionalfield.md).
pub(super) fn account_view(account: &Object, fields: &[String]) -> Value {
    let mut out = account.clone();
    for extra in ["AccountMode", "TaxCertificate"] {
        if !fields.iter().any(|f| f == extra) {
            out.remove(extra);
        }
    }
    Value::Object(out)
}
