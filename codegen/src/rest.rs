//! What the REST wire form needs from the generator: each operation's HTTP method and path
//! under the service root, and the `Type` value that names a derived type in a JSON body.
//!
//! The rules and the tables below are facts from Microsoft's official REST SDKs (the API
//! modules and models of `msads` 13.0.30.1); `tests/fixtures/rest/routes.tsv` holds the full
//! route list a test checks every generated route against.

/// An operation's REST route: method and path (`/CustomerManagement/v13/User/Query`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

/// The path prefix of a service: `CustomerManagementService` -> `/CustomerManagement/v13`.
pub fn service_prefix(service_name: &str, version: &str) -> String {
    let name = service_name.strip_suffix("Service").unwrap_or(service_name);
    format!("/{name}/{version}")
}

/// Operations of the WSDLs that the REST API does not serve (the official REST SDK has no
/// route for them): (service, operation).
const SOAP_ONLY: &[(&str, &str)] = &[("AdInsight", "PutMetricData")];

/// The route of `operation` of `service_name` (`CustomerManagementService`) in `version`;
/// `None` for an operation the REST API does not serve.
pub fn route(service_name: &str, version: &str, operation: &str) -> Option<Route> {
    let prefix = service_prefix(service_name, version);
    let service = &prefix[1..prefix.len() - version.len() - 1];
    if SOAP_ONLY.contains(&(service, operation)) {
        return None;
    }
    if let Some((_, _, method, suffix)) = IRREGULAR
        .iter()
        .find(|(s, op, _, _)| *s == service && *op == operation)
    {
        return Some(Route {
            method,
            path: format!("{prefix}{suffix}"),
        });
    }
    let (method, suffix) = regular(operation);
    Some(Route {
        method,
        path: format!("{prefix}{suffix}"),
    })
}

/// `Add<X>` POST /X, `Update<X>` PUT /X, `Delete<X>` DELETE /X (with a JSON body),
/// `Search<X>` POST /X/Search, `Get<X>By<Y>` POST /X/QueryBy<Y>, `Get<X>` POST /X/Query;
/// any other `<Verb><X>` POST /X/<Verb>, the form every irregular operation of the six
/// services but the AdInsight ones takes.
fn regular(operation: &str) -> (&'static str, String) {
    let split = |verb: &str| {
        operation
            .strip_prefix(verb)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    if let Some(x) = split("Add") {
        return ("POST", format!("/{x}"));
    }
    if let Some(x) = split("Update") {
        return ("PUT", format!("/{x}"));
    }
    if let Some(x) = split("Delete") {
        return ("DELETE", format!("/{x}"));
    }
    if let Some(x) = split("Search") {
        return ("POST", format!("/{x}/Search"));
    }
    if let Some(x) = split("Get") {
        let by = x
            .match_indices("By")
            .find(|(i, _)| *i > 0 && x[i + 2..].starts_with(|c: char| c.is_ascii_uppercase()));
        return match by {
            Some((i, _)) => ("POST", format!("/{}/QueryBy{}", &x[..i], &x[i + 2..])),
            None => ("POST", format!("/{x}/Query")),
        };
    }
    let verb_end = operation
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(operation.len(), |(i, _)| i);
    let (verb, x) = operation.split_at(verb_end);
    if x.is_empty() {
        ("POST", format!("/{verb}"))
    } else {
        ("POST", format!("/{x}/{verb}"))
    }
}

/// Operations whose route the rules above do not give (every other operation of the six
/// services follows them; the route table test checks all 290): (service, operation, method,
/// path after the service prefix).
const IRREGULAR: &[(&str, &str, &str, &str)] = &[
    (
        "CustomerManagement",
        "MapAccountIdToExternalAccountIds",
        "POST",
        "/AccountId/MapToExternalAccountIds",
    ),
    (
        "CustomerManagement",
        "MapCustomerIdToExternalCustomerId",
        "POST",
        "/CustomerId/MapToExternalCustomerId",
    ),
    (
        "CustomerManagement",
        "UpgradeCustomerToAgency",
        "POST",
        "/Customer/UpgradeToAgency",
    ),
    (
        "CampaignManagement",
        "AddListItemsToSharedList",
        "POST",
        "/ListItems",
    ),
    (
        "CampaignManagement",
        "AddNegativeKeywordsToEntities",
        "POST",
        "/EntityNegativeKeywords",
    ),
    (
        "CampaignManagement",
        "DeleteListItemsFromSharedList",
        "DELETE",
        "/ListItems",
    ),
    (
        "CampaignManagement",
        "DeleteNegativeKeywordsFromEntities",
        "DELETE",
        "/EntityNegativeKeywords",
    ),
    (
        "CampaignManagement",
        "SetNegativeSitesToAdGroups",
        "POST",
        "/NegativeSites/SetToAdGroups",
    ),
    (
        "CampaignManagement",
        "SetNegativeSitesToCampaigns",
        "POST",
        "/NegativeSites/SetToCampaigns",
    ),
    (
        "Bulk",
        "DownloadCampaignsByAccountIds",
        "POST",
        "/Campaigns/DownloadByAccountIds",
    ),
    (
        "Bulk",
        "DownloadCampaignsByCampaignIds",
        "POST",
        "/Campaigns/DownloadByCampaignIds",
    ),
    (
        "AdInsight",
        "ApplyRecommendations",
        "POST",
        "/Recommendations/apply",
    ),
    (
        "AdInsight",
        "DismissRecommendations",
        "POST",
        "/Recommendations/dismiss",
    ),
    (
        "AdInsight",
        "GetAuctionInsightData",
        "POST",
        "/AuctionInsightData/query",
    ),
    (
        "AdInsight",
        "GetAudienceBreakdown",
        "POST",
        "/AudienceBreakdown/query",
    ),
    (
        "AdInsight",
        "GetAudienceFullEstimation",
        "POST",
        "/AudienceFullEstimation/query",
    ),
    (
        "AdInsight",
        "GetAutoApplyOptInStatus",
        "POST",
        "/AutoApplyOptInStatus/query",
    ),
    (
        "AdInsight",
        "GetBidLandscapeByAdGroupIds",
        "POST",
        "/BidLandscape/queryByAdGroupIds",
    ),
    (
        "AdInsight",
        "GetBidLandscapeByCampaignIds",
        "POST",
        "/BidLandscape/queryByCampaignIds",
    ),
    (
        "AdInsight",
        "GetBidLandscapeByKeywordIds",
        "POST",
        "/BidLandscape/queryByKeywordIds",
    ),
    (
        "AdInsight",
        "GetBidOpportunities",
        "POST",
        "/BidOpportunities/query",
    ),
    (
        "AdInsight",
        "GetBudgetOpportunities",
        "POST",
        "/BudgetOpportunities/query",
    ),
    (
        "AdInsight",
        "GetDomainCategories",
        "POST",
        "/DomainCategories/query",
    ),
    (
        "AdInsight",
        "GetEstimatedBidByKeywordIds",
        "POST",
        "/EstimatedBid/queryByKeywordIds",
    ),
    (
        "AdInsight",
        "GetEstimatedBidByKeywords",
        "POST",
        "/EstimatedBid/queryByKeywords",
    ),
    (
        "AdInsight",
        "GetEstimatedPositionByKeywordIds",
        "POST",
        "/EstimatedPosition/queryByKeywordIds",
    ),
    (
        "AdInsight",
        "GetEstimatedPositionByKeywords",
        "POST",
        "/EstimatedPosition/queryByKeywords",
    ),
    (
        "AdInsight",
        "GetHistoricalKeywordPerformance",
        "POST",
        "/HistoricalKeywordPerformance/query",
    ),
    (
        "AdInsight",
        "GetHistoricalSearchCount",
        "POST",
        "/HistoricalSearchCount/query",
    ),
    (
        "AdInsight",
        "GetKeywordCategories",
        "POST",
        "/KeywordCategories/query",
    ),
    (
        "AdInsight",
        "GetKeywordDemographics",
        "POST",
        "/KeywordDemographics/query",
    ),
    (
        "AdInsight",
        "GetKeywordIdeaCategories",
        "POST",
        "/KeywordIdeaCategories/query",
    ),
    (
        "AdInsight",
        "GetKeywordIdeas",
        "POST",
        "/KeywordIdeas/query",
    ),
    (
        "AdInsight",
        "GetKeywordLocations",
        "POST",
        "/KeywordLocations/query",
    ),
    (
        "AdInsight",
        "GetKeywordOpportunities",
        "POST",
        "/KeywordOpportunities/query",
    ),
    (
        "AdInsight",
        "GetKeywordTrafficEstimates",
        "POST",
        "/KeywordTrafficEstimates/query",
    ),
    (
        "AdInsight",
        "GetPerformanceInsightsDetailDataByAccountId",
        "POST",
        "/PerformanceInsightsDetailData/queryByAccountId",
    ),
    (
        "AdInsight",
        "GetRecommendations",
        "POST",
        "/Recommendations/query",
    ),
    (
        "AdInsight",
        "GetTextAssetSuggestionsByFinalUrls",
        "POST",
        "/TextAssetSuggestions/queryByFinalUrls",
    ),
    (
        "AdInsight",
        "RetrieveRecommendations",
        "POST",
        "/Recommendations/retrieve",
    ),
    (
        "AdInsight",
        "SetAutoApplyOptInStatus",
        "POST",
        "/AutoApplyOptInStatus/set",
    ),
    (
        "AdInsight",
        "SuggestKeywordsForUrl",
        "POST",
        "/KeywordSuggestions/queryByUrl",
    ),
    (
        "AdInsight",
        "SuggestKeywordsFromExistingKeywords",
        "POST",
        "/KeywordSuggestions/queryByKeywords",
    ),
    (
        "AdInsight",
        "TagRecommendations",
        "POST",
        "/Recommendations/tag",
    ),
];

/// The `Type` value that names a derived type in a REST body, where it is not the WSDL type
/// name: (base type, derived type, REST name). Reading accepts both names.
pub const REST_TYPE_NAMES: &[(&str, &str, &str)] = &[
    ("Ad", "AppInstallAd", "AppInstall"),
    ("Ad", "DynamicSearchAd", "DynamicSearch"),
    ("Ad", "ExpandedTextAd", "ExpandedText"),
    ("Ad", "HotelAd", "Hotel"),
    ("Ad", "ProductAd", "Product"),
    ("Ad", "ResponsiveSearchAd", "ResponsiveSearch"),
    ("Ad", "TextAd", "Text"),
    ("Audience", "CustomAudience", "Custom"),
    ("Audience", "InMarketAudience", "InMarket"),
    ("Audience", "ProductAudience", "Product"),
    ("AudienceGroupDimension", "AgeDimension", "Age"),
    ("AudienceGroupDimension", "AudienceDimension", "Audience"),
    ("AudienceGroupDimension", "GenderDimension", "Gender"),
    ("AudienceGroupDimension", "ProfileDimension", "Profile"),
    ("BiddingScheme", "CostPerSaleBiddingScheme", "CostPerSale"),
    ("BiddingScheme", "EnhancedCpcBiddingScheme", "EnhancedCpc"),
    (
        "BiddingScheme",
        "InheritFromParentBiddingScheme",
        "InheritFromParent",
    ),
    ("BiddingScheme", "ManualCpcBiddingScheme", "ManualCpc"),
    ("BiddingScheme", "ManualCpmBiddingScheme", "ManualCpm"),
    ("BiddingScheme", "ManualCpvBiddingScheme", "ManualCpv"),
    ("BiddingScheme", "MaxClicksBiddingScheme", "MaxClicks"),
    (
        "BiddingScheme",
        "MaxConversionsBiddingScheme",
        "MaxConversions",
    ),
    ("BiddingScheme", "TargetCpaBiddingScheme", "TargetCpa"),
    ("ConversionGoal", "AppDownloadGoal", "AppDownload"),
    ("ConversionGoal", "AppInstallGoal", "AppInstall"),
    ("ConversionGoal", "DurationGoal", "Duration"),
    ("ConversionGoal", "EventGoal", "Event"),
    (
        "ConversionGoal",
        "InStoreTransactionGoal",
        "InStoreTransaction",
    ),
    (
        "ConversionGoal",
        "OfflineConversionGoal",
        "OfflineConversion",
    ),
    (
        "ConversionGoal",
        "PagesViewedPerVisitGoal",
        "PagesViewedPerVisit",
    ),
    ("ConversionGoal", "UrlGoal", "Url"),
    ("LinkedInSegment", "CompanyList", "CompanyName"),
    (
        "PerformanceInsightsMessageParameter",
        "EntityParameter",
        "Entities",
    ),
    (
        "PerformanceInsightsMessageParameter",
        "TextParameter",
        "Text",
    ),
    ("PerformanceInsightsMessageParameter", "UrlParameter", "Url"),
    ("RemarketingRule", "CustomEventsRule", "CustomEvents"),
    ("RemarketingRule", "PageVisitorsRule", "PageVisitors"),
    (
        "RemarketingRule",
        "PageVisitorsWhoDidNotVisitAnotherPageRule",
        "PageVisitorsWhoDidNotVisitAnotherPage",
    ),
    (
        "RemarketingRule",
        "PageVisitorsWhoVisitedAnotherPageRule",
        "PageVisitorsWhoVisitedAnotherPage",
    ),
    ("RuleItem", "NumberRuleItem", "Number"),
    ("RuleItem", "StringRuleItem", "String"),
];

/// The REST name of `derived` in a `base`-typed slot.
pub fn rest_type_name<'a>(base: &str, derived: &'a str) -> &'a str {
    REST_TYPE_NAMES
        .iter()
        .find(|(b, d, _)| *b == base && *d == derived)
        .map_or(derived, |(_, _, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules() {
        for (op, method, path) in [
            ("AddAccount", "POST", "/CustomerManagement/v13/Account"),
            ("UpdateUser", "PUT", "/CustomerManagement/v13/User"),
            ("DeleteUser", "DELETE", "/CustomerManagement/v13/User"),
            (
                "SearchAccounts",
                "POST",
                "/CustomerManagement/v13/Accounts/Search",
            ),
            ("GetUser", "POST", "/CustomerManagement/v13/User/Query"),
            (
                "GetUsersInfo",
                "POST",
                "/CustomerManagement/v13/UsersInfo/Query",
            ),
            (
                "FindAccounts",
                "POST",
                "/CustomerManagement/v13/Accounts/Find",
            ),
        ] {
            let r = route("CustomerManagementService", "v13", op).unwrap();
            assert_eq!((r.method, r.path.as_str()), (method, path), "{op}");
        }
        let r = route("CampaignManagementService", "v13", "GetCampaignsByIds").unwrap();
        assert_eq!(r.path, "/CampaignManagement/v13/Campaigns/QueryByIds");
        let r = route("CampaignManagementService", "v13", "ApplyHotelGroupActions").unwrap();
        assert_eq!(r.path, "/CampaignManagement/v13/HotelGroupActions/Apply");
        assert!(route("AdInsightService", "v13", "PutMetricData").is_none());
    }

    #[test]
    fn rest_names() {
        assert_eq!(rest_type_name("Ad", "ExpandedTextAd"), "ExpandedText");
        assert_eq!(rest_type_name("Setting", "TargetSetting"), "TargetSetting");
    }
}
