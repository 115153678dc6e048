"""One line per assertion ("ok ..." or "FAIL ..."), and the failures counted."""

failed = 0


def ok(msg):
    print("ok   " + msg, flush=True)


def fail(msg):
    global failed
    failed += 1
    print("FAIL " + msg, flush=True)


def check(cond, msg, why=""):
    if cond:
        ok(msg)
    else:
        fail(msg + (": " + str(why) if why != "" else ""))
    return cond
