/* cf-mapwait.c
 *
 * Copyright 2026 The Callfloor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures how long a program takes to show its first window:
 *
 *   cf-mapwait [-v] TIMEOUT_MS COMMAND [ARGS…]
 *
 * starts COMMAND and prints, in milliseconds from the fork, the moment its
 * first toplevel window was painted; then ends it (SIGTERM, then SIGKILL).
 *
 * How: the root window is watched for MapNotify (SubstructureNotify). When
 * the first toplevel that is not override-redirect is mapped, a DAMAGE
 * object is created on it. Creating it reports the whole window damaged
 * once (the first event); the next damage is the client's first paint.
 * This is the method of research/performance.md §3, so the figures can be
 * compared with the ones there.
 *
 * Prints “timeout” (exit status 2) when no paint comes in time, and
 * “exited” (exit status 3) when COMMAND ends before painting. With -v the
 * map time and every damage event are logged on stderr.
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#define EXIT_TIMEOUT 2
#define EXIT_CHILD_EXITED 3
#define EXIT_SETUP 4

/* The first paint is the second damage event on the window. */
#define FIRST_PAINT_EVENT 2

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1.0e6;
}

/* The window may be destroyed while we look at it: that is not an error here. */
static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  (void) display;
  (void) event;
  return 0;
}

static void
end_child (pid_t pid)
{
  int status;

  if (pid <= 0)
    return;

  /* The child leads its own process group: end whatever it started too. */
  kill (-pid, SIGTERM);
  for (int i = 0; i < 100; i++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          kill (-pid, SIGKILL);
          return;
        }
      usleep (10 * 1000);
    }
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
}

static void
usage (void)
{
  fprintf (stderr, "usage: cf-mapwait [-v] TIMEOUT_MS COMMAND [ARGS…]\n");
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  Window root;
  Window window = None;
  Damage damage = None;
  int damage_event_base, damage_error_base;
  int n_damage = 0;
  int verbose = 0;
  int first_arg = 1;
  long timeout_ms;
  char *end;
  double start, deadline;
  pid_t pid;

  if (argc > 1 && strcmp (argv[1], "-v") == 0)
    {
      verbose = 1;
      first_arg++;
    }
  if (argc - first_arg < 2)
    {
      usage ();
      return EXIT_SETUP;
    }
  timeout_ms = strtol (argv[first_arg], &end, 10);
  if (*end != '\0' || timeout_ms <= 0)
    {
      usage ();
      return EXIT_SETUP;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "cf-mapwait: cannot open the display\n");
      return EXIT_SETUP;
    }
  if (!XDamageQueryExtension (display, &damage_event_base, &damage_error_base))
    {
      fprintf (stderr, "cf-mapwait: the X server has no DAMAGE extension\n");
      return EXIT_SETUP;
    }
  XSetErrorHandler (ignore_x_error);
  fcntl (ConnectionNumber (display), F_SETFD, FD_CLOEXEC);

  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  deadline = start + timeout_ms;
  pid = fork ();
  if (pid < 0)
    {
      perror ("cf-mapwait: fork");
      return EXIT_SETUP;
    }
  if (pid == 0)
    {
      setpgid (0, 0);
      execvp (argv[first_arg + 1], &argv[first_arg + 1]);
      fprintf (stderr, "cf-mapwait: cannot run %s: %s\n", argv[first_arg + 1], strerror (errno));
      _exit (127);
    }
  setpgid (pid, pid);

  for (;;)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      double left;
      int status;

      while (XPending (display) > 0)
        {
          XEvent event;
          double t;

          XNextEvent (display, &event);
          t = now_ms () - start;

          if (event.type == MapNotify && window == None &&
              event.xmap.event == root && !event.xmap.override_redirect)
            {
              window = event.xmap.window;
              damage = XDamageCreate (display, window, XDamageReportNonEmpty);
              XFlush (display);
              if (verbose)
                fprintf (stderr, "cf-mapwait: map 0x%lx at %.1f ms\n", window, t);
            }
          else if (event.type == damage_event_base + XDamageNotify &&
                   ((XDamageNotifyEvent *) &event)->drawable == window)
            {
              XDamageSubtract (display, damage, None, None);
              XFlush (display);
              n_damage++;
              if (verbose)
                fprintf (stderr, "cf-mapwait: damage %d at %.1f ms\n", n_damage, t);
              if (n_damage == FIRST_PAINT_EVENT)
                {
                  printf ("%.1f\n", t);
                  fflush (stdout);
                  end_child (pid);
                  XCloseDisplay (display);
                  return EXIT_SUCCESS;
                }
            }
        }

      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          printf ("exited\n");
          fprintf (stderr, "cf-mapwait: %s ended (status %d) before its first paint\n",
                   argv[first_arg + 1], status);
          kill (-pid, SIGKILL);
          return EXIT_CHILD_EXITED;
        }

      left = deadline - now_ms ();
      if (left <= 0)
        {
          printf ("timeout\n");
          fprintf (stderr, "cf-mapwait: no first paint of %s within %ld ms\n",
                   argv[first_arg + 1], timeout_ms);
          end_child (pid);
          return EXIT_TIMEOUT;
        }

      /* Wake up now and then to notice a child that ended. */
      poll (&pfd, 1, left < 50 ? (int) left + 1 : 50);
    }
}
