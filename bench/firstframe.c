/*
 * firstframe: starts a GUI program on the current X display and measures, with the same method for any program:
 *   map_ms    exec -> its first top-level window is viewable (mapped);
 *   paint_ms  exec -> the first capture of that window whose pixels are not all one colour (first content painted);
 *   pss_kib   after IDLE seconds more, the sum of `Pss:` in /proc/<pid>/smaps_rollup over the program and every
 *             descendant (for a Tauri app: the app, WebKitWebProcess, WebKitNetworkProcess, and any helper);
 *   rss_kib   the same sum of `Rss:` (double-counts shared pages; for reference only).
 * Then it stops the whole process tree (SIGTERM, SIGKILL after 3 s) and prints one line of JSON on stdout.
 *
 * Method: the clock is CLOCK_MONOTONIC, read just before fork(). The helper listens on the root window for MapNotify
 * (the program's first top-level window of at least 100x100 becoming visible: on the benchmark's private Xvfb display
 * nothing else opens windows), then asks the X server (DAMAGE extension) to report every drawing into that window.
 * On each report it reads the window's pixels with XGetImage; the first capture whose pixels are not all one colour
 * is the first painted frame. Without a report for 50 ms it captures anyway, in case some drawing goes unreported.
 * The display must have a black root (Xvfb -br) so a window that has not painted yet reads as one colour.
 * Resolution: the time of one capture after the drawing is reported (about 1-3 ms for 760x860 on Xvfb); the helper
 * sleeps in poll() between reports, so it takes next to no CPU from the program. The same for every program measured.
 *
 * Build: cc -O2 -o firstframe firstframe.c -lXdamage -lX11
 * Usage: firstframe [--idle SECONDS] [--timeout SECONDS] [--shot FILE.ppm] [--server-pid XPID] -- PROGRAM [ARGS...]
 * It also reports app_cpu_ms (CPU time of the program's tree up to the first frame) and other_cpu_ms (CPU time the
 * rest of the machine used meanwhile, less the X server given by --server-pid and this helper): other work on the
 * machine shows there.
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FALLBACK_MS 50
#define MAX_PROCS 65536

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int x_error_handler(Display *d, XErrorEvent *e) {
    (void)d;
    (void)e; /* a window vanished between XQueryTree and XGetWindowAttributes / XGetImage: ignore */
    return 0;
}

/* Descendants of root_pid (root included), from the ppid field of /proc/<pid>/stat. */
static int descendants(pid_t root_pid, pid_t *out, int max) {
    static pid_t pids[MAX_PROCS], ppids[MAX_PROCS];
    int n = 0;
    DIR *dir = opendir("/proc");
    if (!dir) return 0;
    struct dirent *ent;
    while ((ent = readdir(dir)) && n < MAX_PROCS) {
        char *end;
        long pid = strtol(ent->d_name, &end, 10);
        if (*end || pid <= 0) continue;
        char path[64], buf[1024];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = 0;
        char *close_paren = strrchr(buf, ')'); /* the command name may hold spaces and brackets */
        if (!close_paren) continue;
        char state;
        int ppid;
        if (sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2) continue;
        if (state == 'Z') continue;
        pids[n] = (pid_t)pid;
        ppids[n] = (pid_t)ppid;
        n++;
    }
    closedir(dir);
    int count = 0;
    out[count++] = root_pid;
    for (int i = 0; i < count && count < max; i++) {
        for (int j = 0; j < n && count < max; j++) {
            if (ppids[j] == out[i]) out[count++] = pids[j];
        }
    }
    return count;
}

static long smaps_field(pid_t pid, const char *field) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long value = -1;
    size_t flen = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, flen) == 0) {
            value = strtol(line + flen, NULL, 10);
            break;
        }
    }
    fclose(f);
    return value;
}

static void proc_name(pid_t pid, char *out, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    FILE *f = fopen(path, "r");
    out[0] = 0;
    if (!f) return;
    if (fgets(out, (int)size, f)) out[strcspn(out, "\n")] = 0;
    fclose(f);
    for (char *c = out; *c; c++)
        if (*c == '"' || *c == '\\') *c = '_';
}

/* CPU time of one process (user + system), in clock ticks; 0 when it is gone. */
static long long proc_cpu_ticks(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    unsigned long long utime = 0, stime = 0;
    /* fields after the name: state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return 0;
    return (long long)(utime + stime);
}

/* Busy CPU time of the whole machine so far, in clock ticks (all of /proc/stat's "cpu" line but idle and iowait). */
static long long machine_busy_ticks(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return 0;
    unsigned long long v[8] = {0};
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n < 8) return 0;
    return (long long)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]);
}

static void stop_tree(pid_t pid) {
    pid_t tree[1024];
    int n = descendants(pid, tree, 1024);
    kill(-pid, SIGTERM); /* the program's process group */
    for (int i = 0; i < n; i++) kill(tree[i], SIGTERM);
    for (int waited = 0; waited < 3000; waited += 20) {
        if (waitpid(pid, NULL, WNOHANG) == pid) break;
        usleep(20000);
    }
    kill(-pid, SIGKILL);
    for (int i = 0; i < n; i++) kill(tree[i], SIGKILL);
    while (waitpid(pid, NULL, WNOHANG) > 0) {
    }
    waitpid(pid, NULL, 0);
}

static void write_ppm(const char *path, XImage *img) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fprintf(f, "P6\n%d %d\n255\n", img->width, img->height);
    for (int y = 0; y < img->height; y++) {
        for (int x = 0; x < img->width; x++) {
            unsigned long p = XGetPixel(img, x, y);
            unsigned char rgb[3] = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
            fwrite(rgb, 1, 3, f);
        }
    }
    fclose(f);
}

/* 1 when every pixel equals the first one. Compares raw rows, so it is quick. */
static int uniform(XImage *img) {
    if (img->bits_per_pixel != 32) {
        unsigned long first = XGetPixel(img, 0, 0);
        for (int y = 0; y < img->height; y++)
            for (int x = 0; x < img->width; x++)
                if (XGetPixel(img, x, y) != first) return 0;
        return 1;
    }
    const unsigned int first = *(unsigned int *)img->data & 0xffffff;
    for (int y = 0; y < img->height; y++) {
        const unsigned int *row = (const unsigned int *)(img->data + (size_t)y * img->bytes_per_line);
        for (int x = 0; x < img->width; x++)
            if ((row[x] & 0xffffff) != first) return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    double idle_s = 3.0, timeout_s = 30.0;
    const char *shot = NULL;
    pid_t server_pid = 0; /* the X server: its drawing work counts as the program's, not as other work */
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--idle") && i + 1 < argc) idle_s = atof(argv[++i]);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout_s = atof(argv[++i]);
        else if (!strcmp(argv[i], "--shot") && i + 1 < argc) shot = argv[++i];
        else if (!strcmp(argv[i], "--server-pid") && i + 1 < argc) server_pid = (pid_t)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--")) { i++; break; }
        else { fprintf(stderr, "firstframe: unknown argument %s\n", argv[i]); return 2; }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: firstframe [--idle S] [--timeout S] [--shot FILE.ppm] -- PROGRAM [ARGS...]\n");
        return 2;
    }
    Display *dpy = XOpenDisplay(NULL);
    if (!dpy) { fprintf(stderr, "firstframe: cannot open display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(unset)"); return 2; }
    XSetErrorHandler(x_error_handler);
    Window root = DefaultRootWindow(dpy);

    /* New top-level windows are reported as MapNotify on the root; their drawing as DamageNotify. */
    int damage_event, damage_error;
    if (!XDamageQueryExtension(dpy, &damage_event, &damage_error)) {
        fprintf(stderr, "firstframe: the X server has no DAMAGE extension\n");
        return 2;
    }
    XSelectInput(dpy, root, SubstructureNotifyMask);
    XSync(dpy, False);

    long long busy0 = machine_busy_ticks(), server0 = server_pid ? proc_cpu_ticks(server_pid) : 0;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 2; }
    if (pid == 0) {
        setpgid(0, 0);
        execvp(argv[i], &argv[i]);
        fprintf(stderr, "firstframe: cannot run %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);

    Window win = 0;
    Damage damage = 0;
    double map_ms = -1, paint_ms = -1;
    int width = 0, height = 0, captures = 0, damage_events = 0;
    const char *found_by = "";
    const char *failure = NULL;
    double last_capture = 0;
    while (paint_ms < 0) {
        double t = now_ms() - t0;
        if (t > timeout_s * 1000) { failure = win ? "no content painted before the timeout" : "no window before the timeout"; break; }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) { failure = "the program exited before painting"; pid = 0; break; }
        int capture_now = 0;
        const char *why = "";
        if (!XPending(dpy)) {
            /* Sleep until an event arrives, at most FALLBACK_MS: then capture anyway, in case some drawing
               is not reported as damage. */
            struct pollfd pfd = {ConnectionNumber(dpy), POLLIN, 0};
            poll(&pfd, 1, FALLBACK_MS);
        }
        while (XPending(dpy)) {
            XEvent ev;
            XNextEvent(dpy, &ev);
            if (ev.type == MapNotify && ev.xmap.event == root && !win && !ev.xmap.override_redirect) {
                XWindowAttributes attrs;
                if (XGetWindowAttributes(dpy, ev.xmap.window, &attrs) && attrs.width >= 100 && attrs.height >= 100) {
                    win = ev.xmap.window;
                    width = attrs.width;
                    height = attrs.height;
                    map_ms = now_ms() - t0;
                    damage = XDamageCreate(dpy, win, XDamageReportNonEmpty);
                    capture_now = 1;
                    why = "map";
                }
            } else if (ev.type == damage_event + XDamageNotify && win &&
                       ((XDamageNotifyEvent *)&ev)->drawable == win) {
                damage_events++;
                capture_now = 1;
                why = "damage";
            }
        }
        if (win && !capture_now && now_ms() - last_capture >= FALLBACK_MS) { capture_now = 1; why = "poll"; }
        if (win && capture_now) {
            if (damage) XDamageSubtract(dpy, damage, None, None);
            last_capture = now_ms();
            XImage *img = XGetImage(dpy, win, 0, 0, (unsigned)width, (unsigned)height, AllPlanes, ZPixmap);
            if (img) {
                captures++;
                if (getenv("FIRSTFRAME_DEBUG"))
                    fprintf(stderr, "capture %.1f ms (%s): %s\n", now_ms() - t0, why, uniform(img) ? "uniform" : "content");
                if (!uniform(img)) {
                    paint_ms = now_ms() - t0;
                    found_by = why;
                    if (shot) write_ppm(shot, img);
                }
                XDestroyImage(img);
            }
        }
    }

    /* Other work during the launch: the machine's busy time from fork to the first frame, less the program's tree,
       the X server and this helper. A few ms is noise; much more means the figure is not to be trusted. */
    double other_cpu_ms = -1, app_cpu_ms = -1;
    if (!failure) {
        long hz = sysconf(_SC_CLK_TCK);
        pid_t tree[1024];
        int n = descendants(pid, tree, 1024);
        long long app = 0;
        for (int k = 0; k < n; k++) app += proc_cpu_ticks(tree[k]);
        long long server = server_pid ? proc_cpu_ticks(server_pid) - server0 : 0;
        long long self = proc_cpu_ticks(getpid());
        long long busy = machine_busy_ticks() - busy0;
        app_cpu_ms = 1000.0 * (double)app / (double)hz;
        other_cpu_ms = 1000.0 * (double)(busy - app - server - self) / (double)hz;
        if (other_cpu_ms < 0) other_cpu_ms = 0;
    }

    long pss = 0, rss = 0;
    int nprocs = 0;
    char names[4096] = "";
    if (!failure) {
        struct timespec idle = {(time_t)idle_s, (long)((idle_s - (time_t)idle_s) * 1e9)};
        nanosleep(&idle, NULL);
        pid_t tree[1024];
        int n = descendants(pid, tree, 1024);
        for (int k = 0; k < n; k++) {
            long p = smaps_field(tree[k], "Pss:"), r = smaps_field(tree[k], "Rss:");
            if (p < 0) continue;
            pss += p;
            rss += r > 0 ? r : 0;
            nprocs++;
            char name[64];
            proc_name(tree[k], name, sizeof name);
            size_t used = strlen(names);
            snprintf(names + used, sizeof names - used, "%s{\"name\":\"%s\",\"pss_kib\":%ld}", used ? "," : "", name, p);
        }
    }
    if (pid > 0) stop_tree(pid);
    XCloseDisplay(dpy);

    if (failure) {
        printf("{\"error\":\"%s\",\"map_ms\":%.2f,\"captures\":%d,\"damage_events\":%d}\n", failure, map_ms, captures, damage_events);
        fflush(stdout);
        return 1;
    }
    printf("{\"map_ms\":%.2f,\"paint_ms\":%.2f,\"found_by\":\"%s\",\"captures\":%d,\"damage_events\":%d,\"app_cpu_ms\":%.0f,\"other_cpu_ms\":%.0f,\"width\":%d,\"height\":%d,\"pss_kib\":%ld,\"rss_kib\":%ld,"
           "\"processes\":%d,\"tree\":[%s]}\n",
           map_ms, paint_ms, found_by, captures, damage_events, app_cpu_ms, other_cpu_ms, width, height, pss, rss, nprocs, names);
    fflush(stdout);
    return 0;
}
