"""gunicorn, run from ``ownverso serve`` with the app built on our container."""

from gunicorn.app.base import BaseApplication

from ownverso.container import Container


class OwnversoServer(BaseApplication):
    def __init__(self, container: Container, options: dict):
        self.container, self.options = container, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from ownverso.entrypoints.app import create_app

        return create_app(self.container)


def serve(container: Container, *, host: str, port: int, workers: int, threads: int) -> None:
    OwnversoServer(container, {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": "gthread", "accesslog": None, "timeout": 60,
        "preload_app": False,
    }).run()
