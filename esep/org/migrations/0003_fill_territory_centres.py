from decimal import Decimal

from django.db import migrations

# The centres as esep/org/data/territories.csv shipped them when they were added (KATO
# code, latitude, longitude). They are copied here rather than read from the file: the
# file goes on changing with the territories, and this migration must fill the same
# centres whenever it runs.
CENTRES = [
    ("100000000", "50.411100", "80.227500"),  # Abai Region
    ("110000000", "53.283300", "69.383300"),  # Akmola Region
    ("150000000", "50.283300", "57.166700"),  # Aktobe Region
    ("190000000", "43.866700", "77.066700"),  # Almaty Region
    ("230000000", "47.116700", "51.883300"),  # Atyrau Region
    ("231010000", "47.116700", "51.883300"),  # Atyrau
    ("233600000", "46.953100", "54.019400"),  # Zhylyoi District
    ("234000000", "48.550000", "51.783300"),  # Inder District
    ("234200000", "47.233300", "51.000000"),  # Isatay District
    ("234600000", "46.600000", "49.266700"),  # Kurmangazy District
    ("234800000", "48.866700", "53.783300"),  # Kyzylkoga District
    ("235200000", "47.650000", "53.316700"),  # Makat District
    ("235600000", "47.666700", "51.583300"),  # Makhambet District
    ("270000000", "51.233300", "51.366700"),  # West Kazakhstan Region
    ("310000000", "42.900000", "71.366700"),  # Zhambyl Region
    ("330000000", "45.016700", "78.366700"),  # Zhetisu Region
    ("350000000", "49.806700", "73.085000"),  # Karaganda Region
    ("390000000", "53.214400", "63.624600"),  # Kostanay Region
    ("391010000", "53.214400", "63.624600"),  # Kostanay
    ("391610000", "50.248600", "66.911400"),  # Arkalyk
    ("392010000", "52.536900", "62.493600"),  # Lisakovsk
    ("392410000", "52.966700", "63.116700"),  # Rudny
    ("393200000", "53.433300", "64.083300"),  # Altynsarin District
    ("393400000", "50.183300", "65.183300"),  # Amangeldy District
    ("393600000", "52.366700", "64.133300"),  # Auliekol District
    ("394000000", "52.450000", "61.750000"),  # Denisov District
    ("394200000", "49.633300", "63.500000"),  # Zhangeldi District
    ("394400000", "52.183300", "61.200000"),  # Zhitikara District
    ("394800000", "51.650000", "62.350000"),  # Kamysty District
    ("395000000", "53.850000", "62.100000"),  # Karabalyk District
    ("395200000", "52.733300", "65.483300"),  # Karasu District
    ("395400000", "53.200000", "63.683300"),  # Kostanay District
    ("395600000", "53.800000", "64.183300"),  # Mendykara District
    ("395800000", "51.633300", "64.733300"),  # Naurzum District
    ("396200000", "53.316700", "65.550000"),  # Sarykol District
    ("396400000", "52.616700", "62.883300"),  # Beimbet Mailin District
    ("396600000", "53.983300", "65.300000"),  # Uzunkol District
    ("396800000", "53.633300", "62.700000"),  # Fyodorov District
    ("430000000", "44.850000", "65.516700"),  # Kyzylorda Region
    ("470000000", "43.650000", "51.166700"),  # Mangystau Region
    ("550000000", "52.300000", "76.950000"),  # Pavlodar Region
    ("590000000", "54.866700", "69.150000"),  # North Kazakhstan Region
    ("610000000", "43.300000", "68.250000"),  # Turkistan Region
    ("620000000", "47.783300", "67.766700"),  # Ulytau Region
    ("630000000", "49.950000", "82.616700"),  # East Kazakhstan Region
    ("710000000", "51.166700", "71.433300"),  # Astana
    ("750000000", "43.238900", "76.889700"),  # Almaty
    ("751110000", "43.253000", "76.925000"),  # Almaly District
    ("751210000", "43.290000", "76.820000"),  # Alatau District
    ("751310000", "43.225000", "76.855000"),  # Auezov District
    ("751410000", "43.205000", "76.915000"),  # Bostandyk District
    ("751510000", "43.295000", "76.935000"),  # Zhetysu District
    ("751710000", "43.245000", "76.975000"),  # Medeu District
    ("751810000", "43.190000", "76.795000"),  # Nauryzbay District
    ("751910000", "43.330000", "76.965000"),  # Turksib District
    ("790000000", "42.300000", "69.600000"),  # Shymkent
]


def fill(apps, schema_editor):
    # A few dozen updates by KATO code: the territories are a small table, not one to batch.
    territories = apps.get_model("org", "Territory").objects.using(schema_editor.connection.alias)
    for kato, latitude, longitude in CENTRES:
        territories.filter(kato=kato, latitude__isnull=True, longitude__isnull=True).update(
            latitude=Decimal(latitude), longitude=Decimal(longitude)
        )


class Migration(migrations.Migration):
    """Territories loaded before their centres were shipped get them; a centre set by hand
    is kept."""

    dependencies = [("org", "0002_territory_centre")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
