"""Bodies of /referrals and /admin/referrals, and the referral fields of /auth/register."""

import marshmallow as ma
from marshmallow import validate

from ownverso.domain.referrals.referral import ReferralStatus
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Date, Enum = ma.fields.String, ma.fields.Integer, ma.fields.DateTime, ma.fields.Enum
URL, UTM, CODE = validate.Length(max=2048), validate.Length(max=255), validate.Length(max=32)
ATTRIBUTION = ("landing_page", "utm_source", "utm_medium", "utm_campaign", "referrer_url")


class AttributionFields(Schema):
    landing_page = Str(allow_none=True, validate=URL)
    utm_source = Str(allow_none=True, validate=UTM)
    utm_medium = Str(allow_none=True, validate=UTM)
    utm_campaign = Str(allow_none=True, validate=UTM)
    referrer_url = Str(allow_none=True, validate=URL)


class ClickSchema(AttributionFields):
    code = Str(required=True, validate=CODE)


class ClickResultSchema(Schema):
    click_id = Str(attribute="id", metadata={"description": "Send it with the code on sign-up"})
    clicked_at = Date()


class ApplySchema(AttributionFields):
    code = Str(required=True, validate=CODE)
    click_id = Str(allow_none=True, validate=validate.Length(max=40))


class SignUpReferralFields(AttributionFields):
    """Optional fields of /auth/register; gathered into ``referral`` when a code is sent."""

    referral_code = Str(allow_none=True, validate=CODE,
                        metadata={"description": "Ignored (never refused) when it cannot apply"})
    referral_click_id = Str(allow_none=True, validate=validate.Length(max=40))

    @ma.post_load
    def gather_referral(self, data: dict, **_kwargs) -> dict:
        referral = {name: data.pop(name) for name in ATTRIBUTION if name in data}
        code, click_id = data.pop("referral_code", None), data.pop("referral_click_id", None)
        if code:
            data["referral"] = {"code": code, "click_id": click_id, **referral}
        return data


class ReferralCodeSchema(Schema):
    code = Str()
    reward_months = Int(metadata={"description": "Free platform months earned, not yet used"})
    created_at, regenerated_at = Date(), Date(allow_none=True)


class PartySchema(Schema):
    id, username, display_name = Str(), Str(), Str()


class ReferralSchema(Schema):
    id, referrer_code, status = Str(), Str(), Enum(ReferralStatus)
    referrer = ma.fields.Nested(PartySchema, allow_none=True)
    referee = ma.fields.Nested(PartySchema, allow_none=True)
    qualified_at = Date(allow_none=True)
    qualification_event = Str(allow_none=True)
    qualification_reason = Str(allow_none=True)
    referrer_reward, referee_reward = Str(allow_none=True), Str(allow_none=True)
    referrer_reward_value = Int(allow_none=True, metadata={"description": "Free months"})
    referee_reward_value = Int(allow_none=True, metadata={"description": "Percent off"})
    referrer_reward_applied_at = Date(allow_none=True)
    referee_reward_applied_at = Date(allow_none=True)
    landing_page, referrer_url = Str(allow_none=True), Str(allow_none=True)
    utm_source, utm_medium = Str(allow_none=True), Str(allow_none=True)
    utm_campaign = Str(allow_none=True)
    clicked_at, signed_up_at = Date(allow_none=True), Date(allow_none=True)
    converted_at, expires_at = Date(allow_none=True), Date(allow_none=True)
    created_at, updated_at = Date(), Date()


class AdminReferralSchema(ReferralSchema):
    referrer_id, referee_id = Str(), Str()
    rewarded_by = Str(allow_none=True)


class StatsSchema(Schema):
    code = Str(allow_none=True)
    clicks, sign_ups, pending, qualified, rewarded, expired = (Int() for _ in range(6))
    reward_months_earned, reward_months_available = Int(), Int()


class ReferralListArgs(Schema):
    status = Enum(ReferralStatus)


class AdminReferralListArgs(ReferralListArgs):
    referrer_id, referee_id = Str(), Str()
    code = Str(validate=CODE, metadata={"description": "The code the referral was made with"})
