# Runs moto's server inside this python process and exits when stdin reaches EOF.
# The JVM that started us holds the only write end of our stdin pipe; the kernel closes it
# when that JVM dies for any reason (SIGKILL included), so moto can never outlive it.
import os
import sys

try:
    import moto
    from moto.server import ThreadedMotoServer
except ImportError as error:
    print("TRACEFLEET_MOTO_MISSING %s" % error, flush=True)
    sys.exit(3)

# Port 0: the kernel picks a free port while binding, so there is no pick-then-bind race. A restart after moto died
# asks for the port it had, so that the clients pointed at it reach the new one.
server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(os.environ.get("TRACEFLEET_MOTO_PORT", "0")),
                            verbose=False)
server.start()
_, port = server.get_host_and_port()
os.environ["MOTO_PORT"] = str(port)
print("TRACEFLEET_MOTO_READY %d %s %d" % (port, moto.__version__, os.getpid()), flush=True)

# From here on stdout goes to the log too: nobody reads the pipe any more, and a full pipe would block moto.
os.dup2(2, 1)

while sys.stdin.buffer.read(65536):
    pass
# os._exit: do not wait for moto's request threads, the owner is gone.
os._exit(0)
