from django.db import models

from jobs.models.people import Person
from jobs.models.regions import Region
from jobs.models.taxonomy import Occupation


class SyntheticTruth(models.Model):
    """What the demo generator meant each synthetic person to be: the occupation and region it
    drew them from. Hidden from every page; matching quality is measured against it."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.occupation_id} @ {self.region_id}"
