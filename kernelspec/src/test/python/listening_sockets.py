"""The TCP ports a process and its descendants listen on, read from /proc, so that tests need no ss or netstat.

/proc/<pid>/net/tcp and tcp6 list every socket of the process's network namespace; the socket inodes among
the process's open files say which of them are its own.
"""
import ipaddress
import os

LISTEN = "0A"


def _parent_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read()
    # The parent follows the state, after the command name in parentheses (which may contain spaces).
    return int(stat[stat.rfind(")") + 2:].split()[1])


def process_tree(root):
    """``root`` and the pids of its live descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children.setdefault(_parent_of(int(entry)), []).append(int(entry))
            except OSError:
                pass
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


def _socket_inodes(pid):
    inodes = set()
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def _address(hex_address):
    """An address as /proc/net/tcp* write it: 32-bit words in hex, each in host (little-endian) byte order."""
    raw = bytes.fromhex(hex_address)
    ip = ipaddress.ip_address(b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4)))
    # Java listens on IPv6 sockets; one bound to 127.0.0.1 shows as ::ffff:127.0.0.1.
    return getattr(ip, "ipv4_mapped", None) or ip


def _listening_in_namespace(pid):
    """(address, port, inode) of every listening TCP socket in the network namespace of ``pid``."""
    found = []
    for table in ("tcp", "tcp6"):
        try:
            with open("/proc/%d/net/%s" % (pid, table)) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == LISTEN:
                address, port = fields[1].split(":")
                found.append((_address(address), int(port, 16), fields[9]))
    return found


def listening_sockets(root):
    """Sorted (pid, address, port) of the TCP sockets ``root`` and its descendants listen on."""
    sockets = set()
    for pid in process_tree(root):
        inodes = _socket_inodes(pid)
        for address, port, inode in _listening_in_namespace(pid):
            if inode in inodes:
                sockets.add((pid, str(address), port))
    return sorted(sockets)


def off_loopback(root):
    """The listening sockets of ``root`` and its descendants that other machines could reach."""
    return [s for s in listening_sockets(root) if not ipaddress.ip_address(s[1]).is_loopback]
