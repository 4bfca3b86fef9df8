"""Choice sets shared by several registries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Education(models.IntegerChoices):
    """Ordered, so that "at least senior high" is a numeric comparison."""

    PRIMARY = 1, _("Primary school or below")
    JUNIOR_HIGH = 2, _("Junior high school")
    SENIOR_HIGH = 3, _("Senior high / secondary vocational")
    JUNIOR_COLLEGE = 4, _("Junior college")
    BACHELOR = 5, _("Bachelor")
    MASTER = 6, _("Master")
    DOCTOR = 7, _("Doctorate")


class CertificateLevel(models.IntegerChoices):
    """National vocational skill levels, from level 5 (初级) up to level 1 (高级技师)."""

    JUNIOR = 5, _("Junior (level 5)")
    INTERMEDIATE = 4, _("Intermediate (level 4)")
    SENIOR = 3, _("Senior (level 3)")
    TECHNICIAN = 2, _("Technician (level 2)")
    SENIOR_TECHNICIAN = 1, _("Senior technician (level 1)")


class WageUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    MONTH = "month", _("per month")
    PIECE = "piece", _("per piece")


class WorkType(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    GIG = "gig", _("Gig work")
    SHARED = "shared", _("Shared employee")
    PUBLIC_WELFARE = "public_welfare", _("Public-welfare post")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Industry(models.TextChoices):
    """The twenty sections (门类) of the national industry classification, GB/T 4754-2017."""

    AGRICULTURE = "A", _("Agriculture, forestry and fishing")
    MINING = "B", _("Mining")
    MANUFACTURING = "C", _("Manufacturing")
    ENERGY = "D", _("Electricity, heat, gas and water")
    CONSTRUCTION = "E", _("Construction")
    TRADE = "F", _("Wholesale and retail")
    LOGISTICS = "G", _("Transport, storage and post")
    HOSPITALITY = "H", _("Accommodation and catering")
    IT = "I", _("Information technology")
    FINANCE = "J", _("Finance")
    REAL_ESTATE = "K", _("Real estate")
    BUSINESS = "L", _("Leasing and business services")
    RESEARCH = "M", _("Research and technical services")
    PUBLIC_FACILITIES = "N", _("Water, environment and public facilities")
    HOUSEHOLD = "O", _("Household and repair services")
    EDUCATION = "P", _("Education")
    HEALTH = "Q", _("Health and social work")
    CULTURE = "R", _("Culture, sports and entertainment")
    PUBLIC_ADMIN = "S", _("Public administration and organisations")
    INTERNATIONAL = "T", _("International organisations")
