"""The tile protocol: where tile and sitrep code lives, one view for every tile body."""

from incidents import registry


def test_every_tile_context_lives_in_its_apps_tiles_module():
    for tile in registry.tiles():
        assert tile.context.__module__.endswith(".tiles"), tile.name
        assert tile.outside is None or tile.outside.__module__.endswith(".tiles"), tile.name


def test_every_sitrep_section_builder_lives_in_its_apps_sitrep_module():
    for section in registry.sitrep_sections():
        assert section.build.__module__.endswith(".sitrep"), section.key
