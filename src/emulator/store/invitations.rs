//! User invitations: SendUserInvitation and SearchUserInvitations.

use std::time::Duration;

use serde_json::{json, Value};

use super::access::{role, Action, Target};
use super::query::{invalid_predicate, predicates};
use super::{long, Object, OpError, OpResult, SeedUser, Store};
use crate::time::format_rfc3339;

/// How long a user invitation stays valid (userinvitation.md: "currently valid for 30 days").
const INVITATION_VALIDITY: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// The longest values userinvitation.md allows: (field, characters).
const MAX_LENGTHS: &[(&str, usize)] = &[("Email", 100), ("FirstName", 40), ("LastName", 40)];

/// What SendUserInvitation requires (userinvitation.md:69-77, "Send: Required"). `Lcid` is
/// among them although its own text says "The default is EnglishUS": every official example
/// (Python REST and SOAP, .NET) sends it, so requiring it costs no program that works live.
const REQUIRED: &[&str] = &[
    "FirstName",
    "LastName",
    "Email",
    "CustomerId",
    "RoleId",
    "Lcid",
];

/// A missing or invalid member of the invitation. No code of its own is documented; 201
/// ApiInputValidationError ("One or more input elements failed validation") is the general
/// code the service's error table gives for input that fails validation.
fn invalid(what: String) -> Vec<OpError> {
    vec![OpError::new(201, what)]
}

impl Store {
    /// Super Admin or Standard of the customer; only a Super Admin invites a Super Admin
    /// (senduserinvitation.md:21).
    pub(super) fn send_user_invitation(&mut self, request: &Object) -> OpResult {
        let Some(Value::Object(invitation)) = request.get("UserInvitation") else {
            return Err(vec![OpError::new(3086, "")]);
        };
        for key in REQUIRED {
            if invitation
                .get(*key)
                .is_none_or(|v| v.is_null() || v.as_str() == Some(""))
            {
                return Err(invalid(format!("UserInvitation.{key} is required")));
            }
        }
        for (key, max) in MAX_LENGTHS {
            let length = invitation
                .get(*key)
                .and_then(Value::as_str)
                .map_or(0, |v| v.chars().count());
            if length > *max {
                return Err(invalid(format!(
                    "UserInvitation.{key}: {length} characters, at most {max}"
                )));
            }
        }
        let role_id = long(invitation, "RoleId").unwrap_or_default();
        if !role::ALL.contains(&(role_id as i32)) {
            return Err(invalid(format!(
                "UserInvitation.RoleId {role_id} is not a role"
            )));
        }
        let customer = long(invitation, "CustomerId").unwrap_or_default();
        if !self.customers.contains_key(&customer) {
            return Err(vec![OpError::new(210, format!("CustomerId {customer}"))]);
        }
        let action = if role_id == i64::from(role::SUPER_ADMIN) {
            Action::ManageSuperAdmins
        } else {
            Action::ManageUsers
        };
        self.permit(action, Target::UsersOf(customer))?;
        let id = self.new_id();
        let mut stored = invitation.clone();
        stored.insert("Id".into(), json!(id));
        let expiry = self
            .now()
            .checked_add(INVITATION_VALIDITY)
            .unwrap_or_else(|| self.now());
        stored.insert("ExpirationDate".into(), json!(format_rfc3339(expiry)));
        self.invitations.insert(id, stored);
        Ok(json!({"UserInvitationId": id}))
    }

    /// One predicate, `CustomerId` with `Equals` (the documented operator) or `In` (what
    /// Microsoft's own examples send: BingAds-Python-SDK examples/v13/invite_user_test.py
    /// l.38-48, the SOAP invite_user.py l.72-85, and .NET InviteUser.cs). The invitations of
    /// customers whose users the caller may not read are left out.
    pub(super) fn search_user_invitations(&mut self, request: &Object) -> OpResult {
        // "You must include exactly one predicate" (searchuserinvitations.md:34).
        let predicates = predicates(request, 1)?;
        let mut customers = Vec::new();
        for p in &predicates {
            match (p.field.as_str(), p.operator.as_str()) {
                ("CustomerId", "Equals" | "In") => customers.push(p.ids()?),
                _ => return Err(invalid_predicate(p)),
            }
        }
        let found: Vec<&Object> = self
            .invitations
            .values()
            .filter(|i| {
                let c = long(i, "CustomerId");
                customers
                    .iter()
                    .all(|want| c.is_some_and(|c| want.contains(&c)))
            })
            .filter(|i| {
                long(i, "CustomerId").is_some_and(|c| self.may(Action::Read, Target::UsersOf(c)))
            })
            .collect();
        Ok(json!({"UserInvitations": found}))
    }
}

/// Why [`crate::emulator::Emulator::accept_user_invitation`] could not accept an invitation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AcceptInvitationError {
    /// No pending invitation has this id (never sent, or accepted already).
    #[error("no pending user invitation has Id {0}")]
    NoSuchInvitation(i64),
    /// The invitation's `ExpirationDate` has passed.
    #[error("user invitation {0} expired at {1}")]
    Expired(i64, String),
    /// The user said to accept it is not in the emulator.
    #[error("no user has Id {0}")]
    NoSuchUser(i64),
}

impl Store {
    /// The invitee accepts invitation `id` (what the e-mailed link and the sign-up do on the
    /// live service): with `as_user`, an existing user adds the invitation's role to its own
    /// ("Microsoft Advertising users can accept invitations to multiple customers",
    /// senduserinvitation.md:26; GetUser then returns one CustomerRole per customer, account
    /// hierarchy guide l.107); without, a new user is made from the invitation (name, e-mail,
    /// Lcid; its e-mail as UserName, although the live invitee may sign up with other
    /// credentials, senduserinvitation.md:30). Either way the invitation leaves
    /// SearchUserInvitations ("Accepted invitations are not included", searchuserinvitations.md:20)
    /// and GetUser / GetUsersInfo show the user. Returns the user's id.
    pub(crate) fn accept_user_invitation(
        &mut self,
        id: i64,
        as_user: Option<i64>,
    ) -> Result<i64, AcceptInvitationError> {
        let invitation = self
            .invitations
            .get(&id)
            .ok_or(AcceptInvitationError::NoSuchInvitation(id))?;
        if let Some(expiry) = invitation.get("ExpirationDate").and_then(Value::as_str) {
            if crate::time::parse_rfc3339(expiry).is_some_and(|at| at <= self.now()) {
                return Err(AcceptInvitationError::Expired(id, expiry.to_string()));
            }
        }
        if let Some(user) = as_user {
            if !self.users.contains_key(&user) {
                return Err(AcceptInvitationError::NoSuchUser(user));
            }
        }
        let invitation = self.invitations.remove(&id).unwrap_or_default();
        let customer = long(&invitation, "CustomerId");
        let role_id = long(&invitation, "RoleId");
        // A customer-level role reaches every account whatever was asked (userinvitation.md:69):
        // its AccountIds are nil, as GetUser shows a Super Admin's.
        let account_ids = match invitation.get("AccountIds") {
            Some(Value::Array(ids))
                if !ids.is_empty()
                    && !role_id.is_some_and(|r| role::CUSTOMER_LEVEL.contains(&(r as i32))) =>
            {
                Value::Array(ids.clone())
            }
            _ => Value::Null,
        };
        let customer_role =
            json!({"RoleId": role_id, "CustomerId": customer, "AccountIds": account_ids});
        let stamp = self.issue_time_stamp();
        let now = json!(format_rfc3339(self.now()));
        if let Some(user) = as_user.and_then(|u| self.users.get_mut(&u)) {
            user.customer_roles.push(customer_role);
            user.user.insert("TimeStamp".into(), stamp);
            user.user.insert("LastModifiedTime".into(), now);
            return Ok(as_user.unwrap_or_default());
        }
        let user_id = self.new_id();
        let field = |key: &str| invitation.get(key).cloned().unwrap_or(Value::Null);
        let user = json!({
            "Id": user_id, "CustomerId": customer, "UserName": field("Email"),
            "Name": {"FirstName": field("FirstName"), "LastName": field("LastName")},
            "ContactInfo": {"Email": field("Email")}, "Lcid": field("Lcid"),
            "UserLifeCycleStatus": "Active", "SecretQuestion": "None",
            "TimeStamp": stamp, "LastModifiedTime": now,
        });
        let user = SeedUser {
            user: user.as_object().cloned().unwrap_or_default(),
            customer_roles: vec![customer_role],
            mfa_status: false,
            dismissed_notifications: Vec::new(),
        };
        self.users.insert(user_id, user);
        Ok(user_id)
    }
}
