//! Dispatch: each operation by name, and the calls log.

use serde_json::json;

use super::access::{Action, Target};
use super::{misc, Call, CallOutcome, Object, OpError, OpResult, Store};

/// The calls log keeps the most recent ones; a long-running emulator does not grow forever.
const MAX_CALLS_KEPT: usize = 100_000;

impl Store {
    /// Runs one operation: every Customer Management operation of v12 and v13 (each version's
    /// envelope layer reads and writes its own shapes of the same JSON view).
    fn operation(&mut self, name: &str, request: &Object) -> OpResult {
        match name {
            "GetUser" => self.get_user(request),
            "GetCurrentUser" => self.get_current_user(),
            "GetUsersInfo" => self.get_users_info(request),
            "UpdateUser" => self.update_user(request),
            "DeleteUser" => self.delete_user(request),
            "UpdateUserRoles" => self.update_user_roles(request),
            "GetUserMFAStatus" => self.get_user_mfa_status(),
            "SendUserInvitation" => self.send_user_invitation(request),
            "SearchUserInvitations" => self.search_user_invitations(request),
            "GetCustomer" => self.get_customer(request),
            "GetCustomersInfo" => self.get_customers_info(request),
            "UpdateCustomer" => self.update_customer(request),
            "DeleteCustomer" => self.delete_customer(request),
            "SignupCustomer" => self.signup_customer(request),
            "SearchCustomers" => self.search_customers(request),
            "GetAccessibleCustomer" => self.get_accessible_customer(request),
            "UpgradeCustomerToAgency" => self.upgrade_customer_to_agency(request),
            "MapCustomerIdToExternalCustomerId" => self.map_customer_id(request),
            "GetCustomerPilotFeatures" => self.get_customer_pilot_features(request),
            "GetAccount" => self.get_account(request),
            "FindAccounts" => self.find_accounts(request),
            "SearchAccounts" => self.search_accounts(request),
            "AddAccount" => self.add_account(request, false),
            "AddPrepayAccount" => self.add_account(request, true),
            "UpdateAccount" => self.update_account(request, false),
            "UpdatePrepayAccount" => self.update_account(request, true),
            "DeleteAccount" => self.delete_account(request),
            "GetAccountsInfo" => self.get_accounts_info(request),
            "GetAccountPilotFeatures" => self.get_account_pilot_features(request),
            "MapAccountIdToExternalAccountIds" => self.map_account_id(request),
            "AddClientLinks" => self.add_client_links(request),
            "UpdateClientLinks" => self.update_client_links(request),
            "SearchClientLinks" => self.search_client_links(request),
            "GetLinkedAccountsAndCustomersInfo" => self.get_linked_accounts_and_customers(request),
            "FindAccountsOrCustomersInfo" => self.find_accounts_or_customers(request),
            "GetNotifications" => self.get_notifications(request),
            "DismissNotifications" => self.dismiss_notifications(request),
            "GetPilotFeaturesCountries" => self
                .permit(Action::Read, Target::Caller)
                .map(|()| json!({"PilotFeatures": self.pilot_countries})),
            "ValidateAddress" => self
                .permit(Action::Read, Target::Caller)
                .and_then(|()| misc::validate_address(request)),
            // Only a name outside OPERATIONS gets here (a test keeps the two in step).
            _ => Err(vec![OpError {
                code: 204,
                details: format!("The emulator does not know the operation {name}."),
                message: "The operation is not supported.".into(),
            }]),
        }
    }

    /// Runs one operation and logs the call; every answer of both front doors comes through
    /// here or through [`Store::record`].
    pub fn execute(
        &mut self,
        name: &'static str,
        (transport, version): (&str, &str),
        request: &Object,
    ) -> OpResult {
        self.edit_first_when_asked(name, request);
        let result = self.operation(name, request);
        let outcome = match &result {
            Ok(_) => {
                *self.executed.entry(name).or_default() += 1;
                CallOutcome::Ok
            }
            Err(errors) => CallOutcome::Fault {
                codes: errors.iter().map(|e| e.code).collect(),
            },
        };
        self.record(name, (transport, version), outcome);
        result
    }

    /// Logs a call that did not reach an operation (an injection, refused credentials).
    pub fn record(&mut self, name: &str, (transport, version): (&str, &str), outcome: CallOutcome) {
        if self.calls.len() == MAX_CALLS_KEPT {
            self.calls.pop_front();
        }
        self.calls.push_back(Call {
            operation: name.to_string(),
            transport: transport.to_string(),
            version: version.to_string(),
            outcome,
        });
    }
}
