from typer.testing import CliRunner

from qualcode import __version__
from qualcode.cli.app import app

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"qualcode {__version__}"


def test_every_command_has_help_with_an_example():
    import typer.main

    group = typer.main.get_command(app)

    def walk(cmd, prefix):
        subcommands = getattr(cmd, "commands", None)
        if subcommands is not None:
            for name, sub in subcommands.items():
                yield from walk(sub, [*prefix, name])
        else:
            yield prefix, cmd

    commands = list(walk(group, []))
    assert commands
    for path, cmd in commands:
        assert cmd.help and "Example:" in cmd.help, f"{' '.join(path)} lacks an Example:"


def test_usage_error_exits_2():
    result = runner.invoke(app, ["segments", "--unit"])
    assert result.exit_code == 2
