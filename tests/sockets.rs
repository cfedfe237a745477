//! Sockets through the built `setl` binary, with real sockets on
//! 127.0.0.1 and ::1 and real child processes (no mocks). Every program
//! ends its children (they stop by themselves at end of input), runs with
//! `--timeout`, and `run_setl` bounds its time too. The expected outputs
//! are what GNU SETL 8.13 prints for the same programs.

mod common;

use common::{run_setl, Run, TempDir};

const SETL: &str = env!("CARGO_BIN_EXE_setl");

/// Runs `program` (with this `setl` binary's path as its one argument)
/// in a fresh directory holding `files`, under a time limit.
fn run_with(files: &[(&str, &str)], program: &str, options: &[&str]) -> Run {
    let dir = TempDir::new("sock");
    for (name, text) in files {
        dir.write(name, text);
    }
    dir.write("prog.setl", program);
    let mut args = vec!["--timeout=15"];
    args.extend_from_slice(options);
    args.extend_from_slice(&["prog.setl", SETL]);
    run_setl(dir.path(), &args, "")
}

/// Runs a program that must succeed; gives its output.
fn output(files: &[(&str, &str)], program: &str) -> String {
    run_with(files, program, &[]).succeeded()
}

#[test]
fn a_tcp_echo_server_serves_two_clients_multiplexed_by_select() {
    // The server (the parent) waits on its listening socket and every
    // connection at once; the forked child is two clients taking turns.
    let program = "
        srv := open(['127.0.0.1', 0], 'tcp-server');
        p := port srv;
        kid := fork();
        if kid = 0 then
          a := open(['127.0.0.1', p], 'tcp-client');
          b := open('127.0.0.1:' + str p, 'tcp-client');
          for i in [1..3] loop
            printa(a, 'a' + str i); flush(a);
            printa(b, 'b' + str i); flush(b);
            print(getline b, getline a);
          end loop;
          close(a); close(b);
          stop;
        end if;
        peers := {}; done := 0; served := 0;
        while done < 2 loop
          [ready] := select([{srv} + peers], 5000);
          if ready = {} then print('timed out'); quit; end if;
          for f in ready loop
            if f = srv then
              peers with:= accept(srv);
            elseif (line := getline f) = om then
              close(f); peers less:= f; done +:= 1;
            else
              printa(f, 'echo ' + line); flush(f); served +:= 1;
            end if;
          end loop;
        end loop;
        print(waitpid(kid) = kid, status);
        print('served', served, 'lines from', done, 'clients');
    ";
    assert_eq!(
        output(&[], program),
        "echo b1 echo a1\necho b2 echo a2\necho b3 echo a3\n#T 0\nserved 6 lines from 2 clients\n"
    );
}

#[test]
fn a_udp_round_trip_between_two_processes() {
    let program = "
        srv := open(['127.0.0.1', 0], 'udp-server');
        p := port srv;
        kid := fork();
        if kid = 0 then
          c := open(['127.0.0.1', p], 'udp-client');
          send(c, 'ping ' + str port c);
          -- (a bounded wait, so the child ends even if the parent failed)
          [ready] := select([{c}], 5000);
          print('client got', if ready = {} then 'nothing' else recv c end);
          stop;
        end if;
        [source, msg] := recvfrom srv;
        print('server got', msg = 'ping ' + str source(2), source(1));
        sendto(srv, source, 'pong');
        waitpid(kid);
        print(status);
    ";
    assert_eq!(
        output(&[], program),
        "client got pong\nserver got #T 127.0.0.1\n0\n"
    );
}

#[test]
fn a_unix_domain_server_and_a_client_process() {
    // The client is another setl process, started through a pipe whose
    // output is what it received.
    let client = "
        c := open('u.sock', 'unix-client');
        for w in ['one', 'two'] loop
          printa(c, w); flush(c);
          print('client got', getline c);
        end loop;
        shutdown(c, shut_wr);
        print('client got', getline c);
    ";
    let program = "
        srv := open('u.sock', 'unix-server');
        kid := open(command_line(1) + ' client.setl', 'pipe-from');
        s := accept(srv);
        print(peer_address s, last_error);
        while (line := getline s) /= om loop
          printa(s, to_upper line); flush(s);
        end loop;
        printa(s, 'bye'); close(s);
        while (line := getline kid) /= om loop print(line); end loop;
        close(kid);
        print(status);
    ";
    assert_eq!(
        output(&[("client.setl", client)], program),
        "* Address family not supported by protocol\n\
         client got ONE\nclient got TWO\nclient got bye\n0\n"
    );
}

#[test]
fn a_refused_connection_and_an_unknown_host_set_last_error() {
    let program = "
        srv := open(['127.0.0.1', 0], 'tcp-server');
        p := port srv;
        close(srv);
        print(open(['127.0.0.1', p], 'tcp-client'), last_error);
        clear_error;
        print(open(['nosuch.invalid', 80], 'tcp-client'));
        print(last_error, last_errno < 0);
        clear_error;
        print(ip_addresses('nosuch.invalid'), last_error /= no_error);
        print(open(['127.0.0.1', 0], 'udp-server') /= om);
    ";
    let out = output(&[], program);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "* Connection refused", "{out}");
    assert_eq!(lines[1], "*", "{out}");
    // The resolver's own text (gai_strerror); which one depends on whether
    // the machine can reach a name server.
    let resolver_texts = [
        "Name or service not known #T",
        "Temporary failure in name resolution #T",
        "No address associated with hostname #T",
    ];
    assert!(resolver_texts.contains(&lines[2]), "{out}");
    assert_eq!(lines[3..], ["{} #T", "#T"], "{out}");
}

#[test]
fn tcp_over_ipv6_loopback_or_a_skip() {
    let program = "
        srv := open(['::1', 0], 'tcp-server');
        if srv = om then print('skip:', last_error); stop; end if;
        c := open(['::1', port srv], 'tcp-client');
        s := accept(srv);
        printa(c, 'six'); flush(c);
        print(getline s, peer_address s, (sockaddr c)(1), peer_port s = port c);
        print(filename c = ['::1', str port srv]);
    ";
    let out = output(&[], program);
    if let Some(why) = out.strip_prefix("skip:") {
        eprintln!("IPv6 loopback unavailable, test skipped:{why}");
        return;
    }
    assert_eq!(out, "six ::1 ::1 #T\n#T\n");
}

#[test]
fn restricted_mode_opens_only_the_sockets_allow_open_names() {
    let program = "
        srv := open(['127.0.0.1', 0], 'tcp-server');
        print(srv /= om);
        c := open(['LocalHost', 9], 'tcp-client');
    ";
    let run = run_with(&[], program, &["-r", "--allow-open=127.0.0.1:0,tcp-server"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stdout, "#T\n");
    assert!(
        run.stderr
            .contains("opening [LocalHost 9] in mode TCP-CLIENT is not allowed in restricted mode"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("prog.setl:4:"), "{}", run.stderr);
    // Internet addresses match ignoring case, as in GNU SETL; a Unix-domain
    // path must match exactly, and other socket routines need no exemption.
    let program = "
        s := open('U.sock', 'unix-server');
        u := open(['LOCALHOST', 0], 'udp-server');
        print(s /= om, u /= om, port u > 0, ip_addresses('127.0.0.1'));
        t := open('u.sock', 'unix-server');
    ";
    let run = run_with(
        &[],
        program,
        &[
            "-r",
            "--allow-open=U.sock,unix-server",
            "--allow-open=localhost:0,udp-server",
        ],
    );
    assert_eq!(run.stdout, "#T #T #T {'127.0.0.1'}\n", "{}", run.stderr);
    assert!(
        run.stderr
            .contains("opening \"u.sock\" in mode UNIX-STREAM-SERVER is not allowed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_socket_argument_stops_with_a_diagnostic() {
    let program = "u := open(['127.0.0.1', 0], 'udp-server');\nsendto(u, [1, 2, 3], 'x');\n";
    let run = run_with(&[], program, &[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("SENDTO destination arg must have 2 elements, not 3"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("prog.setl:2:1"), "{}", run.stderr);
}
