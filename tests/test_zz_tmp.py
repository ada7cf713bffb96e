import threading
def test_threads(live_server):
    pass
