from django.urls import path

from egide.accounts.views import auth, mfa, organisations, tokens

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", auth.login_view, name="login"),
    path("accounts/login/verify/", auth.login_verify_view, name="login_verify"),
    path("accounts/logout/", auth.logout_view, name="logout"),
    path("accounts/password/reset/", auth.password_reset_view, name="password_reset"),
    path(
        "accounts/password/reset/done/", auth.password_reset_done_view, name="password_reset_done"
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("accounts/mfa/enrol/", mfa.mfa_enrol_view, name="mfa_enrol"),
    path("accounts/mfa/recovery-codes/", mfa.recovery_codes_view, name="mfa_recovery_codes"),
    path("accounts/profile/", auth.profile_view, name="profile"),
    path("portfolio/", organisations.portfolio_view, name="portfolio"),
    path("o/<slug:org>/", organisations.dashboard_view, name="dashboard"),
    path("o/<slug:org>/settings/", organisations.organisation_edit_view, name="organisation_edit"),
    path("o/<slug:org>/members/", organisations.members_view, name="members"),
    path(
        "o/<slug:org>/members/<int:membership_id>/",
        organisations.membership_edit_view,
        name="membership_edit",
    ),
    path(
        "o/<slug:org>/members/<int:membership_id>/revoke/",
        organisations.membership_revoke_view,
        name="membership_revoke",
    ),
    path("o/<slug:org>/tokens/", tokens.tokens_view, name="tokens"),
    path(
        "o/<slug:org>/tokens/<int:token_id>/revoke/", tokens.token_revoke_view, name="token_revoke"
    ),
]
