"""Closes an app's windows the way a person does: the window manager's close request (WM_DELETE_WINDOW).

    python3 e2e/close-window.py PID

Sends the request to every shown top-level window on $DISPLAY whose _NET_WM_PID is PID and that takes it
(WM_DELETE_WINDOW in WM_PROTOCOLS); GTK's hidden leader window is left alone. Prints how many windows it asked
and exits 1 when there were none. Plain Xlib through ctypes, so the tests need nothing beyond python3.
"""

import ctypes
import sys

xlib = ctypes.cdll.LoadLibrary("libX11.so.6")
Display = ctypes.c_void_p
Window = Atom = ctypes.c_ulong

xlib.XOpenDisplay.restype = Display
xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
xlib.XDefaultRootWindow.restype = Window
xlib.XDefaultRootWindow.argtypes = [Display]
xlib.XInternAtom.restype = Atom
xlib.XInternAtom.argtypes = [Display, ctypes.c_char_p, ctypes.c_int]
xlib.XQueryTree.argtypes = [Display, Window, ctypes.POINTER(Window), ctypes.POINTER(Window),
                            ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint)]
xlib.XGetWindowProperty.argtypes = [Display, Window, Atom, ctypes.c_long, ctypes.c_long, ctypes.c_int, Atom,
                                    ctypes.POINTER(Atom), ctypes.POINTER(ctypes.c_int),
                                    ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                    ctypes.POINTER(ctypes.c_void_p)]
xlib.XFree.argtypes = [ctypes.c_void_p]


class WindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", Window), ("class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


xlib.XGetWindowAttributes.argtypes = [Display, Window, ctypes.POINTER(WindowAttributes)]
IS_VIEWABLE = 2


def shown(display, window):
    attributes = WindowAttributes()
    return xlib.XGetWindowAttributes(display, window, ctypes.byref(attributes)) and \
        attributes.map_state == IS_VIEWABLE
xlib.XFlush.argtypes = [Display]


class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", Display), ("window", Window), ("message_type", Atom), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


xlib.XSendEvent.argtypes = [Display, Window, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
CLIENT_MESSAGE = 33
ANY_PROPERTY_TYPE = 0


def cardinals(display, window, atom):
    """A 32-bit property as a list of ints (Xlib hands them over as longs)."""
    kind, fmt, count, after, data = Atom(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
    status = xlib.XGetWindowProperty(display, window, atom, 0, 64, 0, ANY_PROPERTY_TYPE, ctypes.byref(kind),
                                     ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after),
                                     ctypes.byref(data))
    if status != 0 or not data.value:
        return []
    values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[:count.value] if fmt.value == 32 else []
    xlib.XFree(data)
    return values


def main():
    pid = int(sys.argv[1])
    display = xlib.XOpenDisplay(None)
    if not display:
        sys.exit("close-window.py: cannot open the display")
    wm_pid = xlib.XInternAtom(display, b"_NET_WM_PID", 0)
    protocols = xlib.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete = xlib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)

    root, parent, children, count = Window(), Window(), ctypes.POINTER(Window)(), ctypes.c_uint()
    xlib.XQueryTree(display, xlib.XDefaultRootWindow(display), ctypes.byref(root), ctypes.byref(parent),
                    ctypes.byref(children), ctypes.byref(count))
    windows = [children[i] for i in range(count.value)]
    if children:
        xlib.XFree(children)

    asked = 0
    for window in windows:
        if cardinals(display, window, wm_pid)[:1] != [pid] or not shown(display, window) \
                or delete not in cardinals(display, window, protocols):
            continue
        event = XEvent()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.window = window
        event.xclient.message_type = protocols
        event.xclient.format = 32
        event.xclient.data[0] = delete
        xlib.XSendEvent(display, window, 0, 0, ctypes.byref(event))
        asked += 1
    xlib.XFlush(display)
    print(asked)
    sys.exit(0 if asked else 1)


main()
