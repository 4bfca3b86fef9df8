from jobs.models.accounts import CodePurpose, EmployerAccount, PhoneChange, PhoneCode, SeekerAccount
from jobs.models.choices import (
    CertificateLevel,
    Education,
    Industry,
    Sex,
    WageUnit,
    WorkType,
)
from jobs.models.consent import ConsentText
from jobs.models.demand import Employer, Vacancy, VacancySkill
from jobs.models.demo import SyntheticTruth
from jobs.models.hardship import (
    AssistanceRecord,
    HardshipCategory,
    HardshipRecord,
    HardToEmployProfile,
    WarningTier,
)
from jobs.models.imports import ImportJob, ImportUpload
from jobs.models.insurance import InsuranceScheme, InsuranceTransferRule, PooledBy
from jobs.models.migrants import MigrantRecord
from jobs.models.people import (
    WORKING_STATUSES,
    Household,
    Person,
    PersonCertificate,
    PersonSkill,
    RevealLog,
    WorkHistory,
)
from jobs.models.regions import Region, RegionAlias
from jobs.models.returnees import CampaignStatus, Holiday, ReturnCampaign, ReturneeCall
from jobs.models.stations import GigStation, StaffProfile
from jobs.models.subsidies import (
    AmountBasis,
    Entitlement,
    EntitlementStatus,
    OccasionKind,
    PaidTo,
    SubsidyPolicy,
)
from jobs.models.support import (
    PlanItem,
    Support,
    SupportPlan,
    SupportRules,
    TierChange,
    WelfarePlacement,
    ZeroEmploymentSpell,
)
from jobs.models.taxonomy import Occupation, OccupationLevel, OccupationTitle, Skill
from jobs.models.training import (
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    TrainingCourse,
    TrainingOrder,
)

__all__ = [
    "WORKING_STATUSES",
    "AmountBasis",
    "AssistanceRecord",
    "CampaignStatus",
    "CertificateLevel",
    "CodePurpose",
    "ConsentText",
    "CourseKind",
    "Education",
    "Employer",
    "EmployerAccount",
    "Enrolment",
    "EnrolmentStatus",
    "Entitlement",
    "EntitlementStatus",
    "GigStation",
    "HardToEmployProfile",
    "HardshipCategory",
    "HardshipRecord",
    "Holiday",
    "Household",
    "ImportJob",
    "ImportUpload",
    "Industry",
    "InsuranceScheme",
    "InsuranceTransferRule",
    "MigrantRecord",
    "OccasionKind",
    "Occupation",
    "OccupationLevel",
    "OccupationTitle",
    "OrderStatus",
    "PaidTo",
    "Person",
    "PersonCertificate",
    "PersonSkill",
    "PhoneChange",
    "PhoneCode",
    "PlanItem",
    "PooledBy",
    "Region",
    "RegionAlias",
    "ReturnCampaign",
    "ReturneeCall",
    "RevealLog",
    "SeekerAccount",
    "Sex",
    "Skill",
    "StaffProfile",
    "SubsidyPolicy",
    "Support",
    "SupportPlan",
    "SupportRules",
    "SyntheticTruth",
    "TierChange",
    "TrainingCourse",
    "TrainingOrder",
    "Vacancy",
    "VacancySkill",
    "WageUnit",
    "WarningTier",
    "WelfarePlacement",
    "WorkHistory",
    "WorkType",
    "ZeroEmploymentSpell",
]  # fmt: skip
